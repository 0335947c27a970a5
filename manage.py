#!/usr/bin/env python
import os
import sys

# Commands that never sign or serve anything may run without a SECRET_KEY (CI checks, tooling).
KEYLESS_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "help"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdpf.settings")
    if len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS:
        os.environ.setdefault("CDPF_ALLOW_INSECURE_KEY", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
