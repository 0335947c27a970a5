"""The font coverage is read from a disk cache, so no first PDF of a process waits the 1.3 s
of reading the fonts' tables (issue 16 item 4)."""

from cdpf import pdf


def test_the_coverage_is_built_once_and_read_back_from_disk(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    pdf.covered_codepoints.cache_clear()
    try:
        built = pdf.covered_codepoints()
        assert ord("残") in built and ord("A") in built
        cached = list((tmp_path / "cache").glob("font-coverage-*.bin"))
        assert len(cached) == 1

        def no_fonts():
            raise AssertionError("the fonts were read again")

        monkeypatch.setattr(pdf, "_read_fonts", no_fonts)
        pdf.covered_codepoints.cache_clear()
        assert pdf.covered_codepoints() == built
        pdf.covered_codepoints.cache_clear()
        pdf.warm()  # at a process's start
        assert pdf.covered_codepoints.cache_info().currsize == 1
    finally:
        pdf.covered_codepoints.cache_clear()


def test_other_fonts_are_another_cache_entry(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = pdf._coverage_file()
    settings.PDF_FONT_FILES = [*settings.PDF_FONT_FILES, str(tmp_path / "absent.ttf")]
    assert pdf._coverage_file() != first


def test_an_unreadable_cache_is_rebuilt(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    pdf.covered_codepoints.cache_clear()
    try:
        target = pdf._coverage_file()
        target.parent.mkdir(parents=True)
        target.write_bytes(b"\x01\x02\x03")  # not a whole number of code points
        assert ord("残") in pdf.covered_codepoints()
    finally:
        pdf.covered_codepoints.cache_clear()
