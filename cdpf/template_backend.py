"""Django's template backend, whose check of library names knows the one library the project
maps over Django's on purpose: ``i18n`` is cdpf/templatetags/fast_i18n.py, Django's own
library with a cheaper ``{% translate %}`` (issue 16 item 1). Any other library name used by
two modules is still warned about (templates.W003), as Django does."""

from collections import defaultdict

from django.core.checks import Warning
from django.template.backends import django as django_backend
from django.template.backends.django import get_template_tag_modules

# name → (the module the project maps it to, the module it stands in for)
STANDS_IN_FOR = {"i18n": ("cdpf.templatetags.fast_i18n", "django.templatetags.i18n")}


class DjangoTemplates(django_backend.DjangoTemplates):
    def _check_for_template_tags_with_the_same_name(self):
        libraries = defaultdict(set)
        for module_name, module_path in get_template_tag_modules():
            libraries[module_name].add(module_path)
        for module_name, module_path in self.engine.libraries.items():
            libraries[module_name].add(module_path)
        errors = []
        for library_name, items in libraries.items():
            if library_name in STANDS_IN_FOR and items == set(STANDS_IN_FOR[library_name]):
                continue
            if len(items) > 1:
                items = ", ".join(repr(item) for item in sorted(items))
                errors.append(
                    Warning(
                        f"{library_name!r} is used for multiple template tag modules: {items}",
                        obj=self,
                        id="templates.W003",
                    )
                )
        return errors
