"""The `toasoan` command.

`toasoan text ...` runs the Vietnamese text tools without Django; everything else is a
Django management command run with the project's settings (`toasoan migrate`,
`toasoan load-demo`, `toasoan import-text PATH`). Dashes and underscores are the same.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "text":
        from toasoan.vietnamese.cli import main as text_main

        sys.exit(text_main(argv[2:]))
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from toasoan import default_settings_module

    os.environ["DJANGO_SETTINGS_MODULE"] = default_settings_module()
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
