"""The C extension that scans worksheet XML (sheetsync/sources/_xlsx_scan.c); everything else
is in pyproject.toml. Without a C compiler the package still installs: the extension is then
missing and .xlsx files are read with calamine alone (sheetsync/sources/xlsx_scan.py)."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class OptionalBuildExt(build_ext):
    """Build the scanner if a compiler is there; warn and go on without it otherwise."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # no compiler, no Python headers
            print(f"warning: the xlsx scanner was not built ({exc}); calamine reads alone")

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as exc:
            print(f"warning: the xlsx scanner was not built ({exc}); calamine reads alone")


setup(
    ext_modules=[
        Extension(
            "sheetsync.sources._xlsx_scan",
            sources=["sheetsync/sources/_xlsx_scan.c"],
            depends=[
                f"sheetsync/sources/_xlsx_scan_{part}.h"
                for part in ("intern", "xml", "text", "columns", "sheet", "join")
            ],
            extra_compile_args=["-O2", "-std=gnu11"],
            optional=True,
        )
    ],
    cmdclass={"build_ext": OptionalBuildExt},
)
