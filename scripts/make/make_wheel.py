#!/usr/bin/env python3
"""Builds gradviz's Linux wheel from a release binary: the Python package, the binary and
everything it loads at run time. scripts/make/wheel runs it; see there for the whole build.

Usage::

    make_wheel.py --binary .build/release/gradviz --module python/gradviz.py --out DIR
                  --checkouts .build/checkouts --patchelf PATH --auditwheel PATH [--work DIR]

What goes in (package folder ``gradviz/``)::

    __init__.py, __main__.py   the notebook module (python/gradviz.py) and `python -m gradviz`
    bin/gradviz                the binary, stripped; RPATH $ORIGIN/../lib
    lib/*.so.*                 every shared library the binary and the plugins need except
                               glibc's, libstdc++, libgcc_s and libexpat; RPATH $ORIGIN
    lib/graphviz/              the Graphviz plugins gradviz uses (core: svg; dot and neato
                               layouts; pango: png and pdf through cairo) and their config6a.
                               libgvc looks for plugins in "graphviz/" beside itself.
    fonts/                     DejaVu fonts and fonts.conf (the launcher sets FONTCONFIG_FILE)
    LICENSES/                  the licence of each bundled library, font and runtime

Libraries keep their own names (no hash suffix) and are found through DT_RPATH, which (unlike
DT_RUNPATH) also applies to the libraries they load and comes before LD_LIBRARY_PATH, so no
library is taken from the system even when LD_LIBRARY_PATH is set (as it is on Colab).

Why patchelf and not `auditwheel repair`: tried on the bare executable and the plugins, repair
does graft their libraries (with hashed names), but it leaves the manylinux policy's allowed
libraries to the system: libX11, libXext, libXrender, libglib-2.0, libgobject-2.0 (and so
libffi), libz. Slim Python images (python:3.x-slim) have none of the X11 or GLib ones, and
the wheel is to need nothing. So every library but glibc's, libstdc++, libgcc_s and libexpat
(SYSTEM_LIBRARIES) is bundled here, and `auditwheel show` checks the result and names the tag.

`auditwheel show` names the platform tag the binaries are consistent with; the wheel is tagged
``py3-none-<that tag>``. The output is deterministic: sorted entries, fixed timestamps.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

# From the system, as every manylinux policy allows: glibc's libraries, libstdc++, libgcc_s,
# and libexpat (Python's own pyexpat links it on Debian, Ubuntu and the python Docker images).
# Debian 12's libexpat is the only library here that needs glibc 2.36 (arc4random_buf); the
# system's keeps the wheel at manylinux_2_35, so it installs on Ubuntu 22.04 and Colab.
SYSTEM_LIBRARIES = {
    "linux-vdso.so.1", "ld-linux-x86-64.so.2", "libc.so.6", "libm.so.6", "libmvec.so.1",
    "libpthread.so.0", "libdl.so.2", "librt.so.1", "libresolv.so.2", "libutil.so.1",
    "libstdc++.so.6", "libgcc_s.so.1", "libexpat.so.1",
}
GRAPHVIZ_PLUGIN_DIRECTORY = "/usr/lib/x86_64-linux-gnu/graphviz"
# core: svg, dot and json output; dot_layout: the default engine; neato_layout: neato, nop, nop2
# (gradviz draws big graphs at positions it computed); pango: png and pdf through cairo.
PLUGINS = ["core", "dot_layout", "neato_layout", "pango"]
FONT_DIRECTORY = "/usr/share/fonts/truetype/dejavu"
FONTS = [
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
    "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf",
    "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf",
]
# gradviz's DOT asks for Helvetica; Graphviz's defaults are Times-Roman and Courier.
FONT_ALIASES = {
    "DejaVu Sans": ["Helvetica", "Arial", "sans-serif", "sans", "system-ui"],
    "DejaVu Serif": ["Times", "Times-Roman", "Times New Roman", "serif"],
    "DejaVu Sans Mono": ["Courier", "Courier New", "monospace", "mono"],
}
# The Swift packages linked into the binary (Package.swift's dependencies of the gradviz target).
LINKED_SWIFT_PACKAGES = ["swift-argument-parser"]
TIMESTAMP = (1980, 1, 1, 0, 0, 0)
SUMMARY = "See and debug backpropagation: draw and verify the expression graph of a micrograd-style engine"


def run(*command: str, quiet=None) -> str:
    return subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=quiet, text=True).stdout


# MARK: - Libraries

def dependencies(path: str) -> dict[str, str]:
    """soname -> path of every library `path` loads (ldd: the whole closure), system ones left out."""
    found = {}
    for line in run("ldd", path).splitlines():
        match = re.match(r"\s*(\S+) => (\S+) \(0x", line)
        if match and match.group(1) not in SYSTEM_LIBRARIES:
            found[match.group(1)] = match.group(2)
        elif "not found" in line:
            raise SystemExit(f"make_wheel: {path} needs {line.split()[0]}, which is not installed")
    return found


def set_rpath(patchelf: str, path: str, rpath: str) -> None:
    run(patchelf, "--force-rpath", "--set-rpath", rpath, path)


def plugin_config(source: str, plugins: list[str]) -> str:
    """config6a with only the bundled plugins' blocks (libgvc would try to load the others)."""
    text = open(source, encoding="utf-8").read()
    kept, depth, current = [], 0, []
    for line in text.splitlines(keepends=True):
        if depth == 0 and not current:
            if line.startswith("#") or not line.strip():
                continue
        current.append(line)
        depth += line.count("{") - line.count("}")
        if depth == 0 and current:
            library = current[0].split()[0]
            if any(library == f"libgvplugin_{name}.so.6" for name in plugins):
                kept.extend(current)
            current = []
    header = "# Graphviz's plugin config for the plugins bundled with gradviz (from Debian's config6a).\n\n"
    return header + "".join(kept)


def fonts_conf() -> str:
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- gradviz's own fontconfig setup: only the fonts in this folder, no cache written. -->",
        "<fontconfig>",
        '  <dir prefix="relative">.</dir>',
    ]
    for family, names in FONT_ALIASES.items():
        for name in names:
            lines.append(f'  <alias binding="same"><family>{name}</family><prefer><family>{family}</family></prefer></alias>')
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


# MARK: - Licences

def package_of(path: str) -> str:
    real = os.path.realpath(path)
    for candidate in (path, real):
        try:
            return run("dpkg-query", "-S", candidate, quiet=subprocess.DEVNULL).split(":")[0].strip()
        except subprocess.CalledProcessError:
            continue
    raise SystemExit(f"make_wheel: no Debian package owns {path}")


def copyright_of(package: str) -> str:
    path = f"/usr/share/doc/{package}/copyright"
    if os.path.exists(path):
        return path
    for line in run("dpkg-query", "-L", package).splitlines():
        if line.endswith("/copyright") and os.path.isfile(line):
            return line
    raise SystemExit(f"make_wheel: no copyright file for {package}")


def licences_of(copyright_path: str) -> str:
    """The distinct `License:` names in a Debian copyright file (machine-readable format)."""
    names = []
    for line in open(copyright_path, encoding="utf-8", errors="replace"):
        if line.startswith("License:"):
            name = line.split(":", 1)[1].strip()
            if name and name not in names:
                names.append(name)
    return ", ".join(names) if names else "see the file"


# MARK: - Wheel

def record_line(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


def write_wheel(path: str, files: dict[str, tuple[bytes, bool]], dist_info: str, compression: int) -> None:
    """files: archive name -> (content, executable). RECORD is added last."""
    rows = []
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(files):
            data, executable = files[name]
            info = zipfile.ZipInfo(name, TIMESTAMP)
            info.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
            info.compress_type = compression
            archive.writestr(info, data, compresslevel=9 if compression == zipfile.ZIP_DEFLATED else None)
            rows.append(record_line(name, data))
        rows.append([f"{dist_info}/RECORD", "", ""])
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows)
        info = zipfile.ZipInfo(f"{dist_info}/RECORD", TIMESTAMP)
        info.external_attr = 0o100644 << 16
        info.compress_type = compression
        archive.writestr(info, text.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--module", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--patchelf", required=True)
    parser.add_argument("--auditwheel", required=True)
    parser.add_argument("--work", default=None, help="staging folder (default: OUT/staging)")
    parser.add_argument("--checkouts", required=True, help="SwiftPM's checkouts (for the statically linked packages' licences)")
    options = parser.parse_args()

    module_text = open(options.module, encoding="utf-8").read()
    match = re.search(r'^__version__ = "([^"]+)"', module_text, re.M)
    if not match:
        raise SystemExit(f"make_wheel: no __version__ in {options.module}")
    version = match.group(1)
    binary_version = run(options.binary, "--version").strip()
    if binary_version != version:
        raise SystemExit(f"make_wheel: {options.binary} --version says {binary_version}, "
                         f"{options.module} says {version}: make them agree")

    work = options.work or os.path.join(options.out, "staging")
    shutil.rmtree(work, ignore_errors=True)
    package = os.path.join(work, "gradviz")
    for folder in ("bin", "lib/graphviz", "fonts", "LICENSES"):
        os.makedirs(os.path.join(package, folder))

    # The binary, the plugins, and the closure of the libraries both load.
    plugins = {f"libgvplugin_{name}.so.6": os.path.join(GRAPHVIZ_PLUGIN_DIRECTORY, f"libgvplugin_{name}.so.6")
               for name in PLUGINS}
    libraries = dependencies(options.binary)
    for path in plugins.values():
        libraries.update(dependencies(path))
    shutil.copyfile(options.binary, os.path.join(package, "bin", "gradviz"))
    run("strip", "--strip-all", os.path.join(package, "bin", "gradviz"))
    set_rpath(options.patchelf, os.path.join(package, "bin", "gradviz"), "$ORIGIN/../lib")
    for soname, path in sorted(libraries.items()):
        target = os.path.join(package, "lib", soname)
        shutil.copyfile(path, target)
        set_rpath(options.patchelf, target, "$ORIGIN")
    for soname, path in sorted(plugins.items()):
        target = os.path.join(package, "lib", "graphviz", soname)
        shutil.copyfile(path, target)
        set_rpath(options.patchelf, target, "$ORIGIN/..")
    with open(os.path.join(package, "lib", "graphviz", "config6a"), "w", encoding="utf-8") as file:
        file.write(plugin_config(os.path.join(GRAPHVIZ_PLUGIN_DIRECTORY, "config6a"), PLUGINS))

    for font in FONTS:
        shutil.copyfile(os.path.join(FONT_DIRECTORY, font), os.path.join(package, "fonts", font))
    with open(os.path.join(package, "fonts", "fonts.conf"), "w", encoding="utf-8") as file:
        file.write(fonts_conf())

    # Licences: each Debian package a bundled file comes from, the Swift runtime, Swift packages.
    owners: dict[str, list[str]] = {}
    for soname, path in list(libraries.items()) + list(plugins.items()):
        owners.setdefault(package_of(path), []).append(soname)
    owners.setdefault(package_of(os.path.join(FONT_DIRECTORY, FONTS[0])), []).extend(FONTS)
    index = ["Licences of what this wheel bundles besides gradviz itself.",
             "Each file here is the licence text of one bundled component; its libraries or files follow.", ""]
    for owner in sorted(owners):
        source = copyright_of(owner)
        shutil.copyfile(source, os.path.join(package, "LICENSES", f"{owner}.txt"))
        owner_version = run("dpkg-query", "-W", "-f=${Version}", owner)
        index.append(f"{owner}.txt: Debian package {owner} {owner_version} ({licences_of(source)})")
        index.append("    " + ", ".join(sorted(owners[owner])))
    swift = shutil.which("swift")
    if swift:
        swift_licence = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(swift))), "share", "swift", "LICENSE.txt")
        if os.path.exists(swift_licence):
            shutil.copyfile(swift_licence, os.path.join(package, "LICENSES", "swift.txt"))
            index.append("swift.txt: the Swift runtime and standard library, Foundation and libdispatch "
                         "(Apache-2.0 with Runtime Library Exception)")
            index.append("    linked statically into bin/gradviz; Foundation carries ICU (swift-foundation-icu, "
                         "Unicode License v3: https://github.com/swiftlang/swift-foundation-icu), "
                         "whose text the toolchain does not ship")
    for name in LINKED_SWIFT_PACKAGES:
        licence = os.path.join(options.checkouts, name, "LICENSE.txt")
        if not os.path.exists(licence):
            raise SystemExit(f"make_wheel: no licence at {licence}")
        shutil.copyfile(licence, os.path.join(package, "LICENSES", f"{name}.txt"))
        index.append(f"{name}.txt: the Swift package {name} (Apache-2.0)")
        index.append("    linked statically into bin/gradviz")
    with open(os.path.join(package, "LICENSES", "README.txt"), "w", encoding="utf-8") as file:
        file.write("\n".join(index) + "\n")

    # The Python package.
    with open(os.path.join(package, "__init__.py"), "w", encoding="utf-8") as file:
        file.write(module_text)
    with open(os.path.join(package, "__main__.py"), "w", encoding="utf-8") as file:
        file.write('"""`python -m gradviz test-engine ...` and `python -m gradviz test-model ...`."""\n\n'
                   "from gradviz import main\n\nraise SystemExit(main())\n")

    files: dict[str, tuple[bytes, bool]] = {}
    for folder, _, names in os.walk(work):
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, work).replace(os.sep, "/")
            executable = relative == "gradviz/bin/gradviz" or ".so" in name
            files[relative] = (open(path, "rb").read(), executable)

    dist_info = f"gradviz-{version}.dist-info"
    metadata = "\n".join([
        "Metadata-Version: 2.1", "Name: gradviz", f"Version: {version}", f"Summary: {SUMMARY}",
        "Requires-Python: >=3.8", "Platform: Linux x86_64", "",
        "gradviz draws and verifies the expression graph of a micrograd-style autograd engine",
        "from Python or Jupyter (`import gradviz; gradviz.draw(loss)`), and installs the `gradviz`",
        "command. The wheel holds gradviz's binary with Graphviz, cairo, pango and fonts: nothing",
        "else is needed (no Swift toolchain, no system Graphviz).", ""])
    files[f"{dist_info}/METADATA"] = (metadata.encode(), False)
    files[f"{dist_info}/entry_points.txt"] = (b"[console_scripts]\ngradviz = gradviz:_command_line\n", False)
    files[f"{dist_info}/top_level.txt"] = (b"gradviz\n", False)

    def wheel_file(tag: str) -> bytes:
        return ("Wheel-Version: 1.0\nGenerator: gradviz scripts/make/make_wheel.py\n"
                f"Root-Is-Purelib: false\nTag: py3-none-{tag}\n").encode()

    # auditwheel names the platform tag, from an uncompressed first pass.
    os.makedirs(options.out, exist_ok=True)
    probe = os.path.join(work, f"gradviz-{version}-py3-none-linux_x86_64.whl")
    files[f"{dist_info}/WHEEL"] = (wheel_file("linux_x86_64"), False)
    write_wheel(probe, files, dist_info, zipfile.ZIP_STORED)
    shown = subprocess.run([options.auditwheel, "show", probe], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    os.remove(probe)
    tags = re.findall(r'"(manylinux_\d+_\d+_x86_64)"', shown.stdout)
    if shown.returncode != 0 or not tags:
        raise SystemExit(f"make_wheel: auditwheel show found no manylinux tag:\n{shown.stdout}")
    tag = tags[0]
    print(re.sub(r"\s+", " ", shown.stdout).strip(), file=sys.stderr)

    files[f"{dist_info}/WHEEL"] = (wheel_file(tag), False)
    wheel = os.path.join(options.out, f"gradviz-{version}-py3-none-{tag}.whl")
    for old in os.listdir(options.out):
        if old.startswith("gradviz-") and old.endswith(".whl"):
            os.remove(os.path.join(options.out, old))
    write_wheel(wheel, files, dist_info, zipfile.ZIP_DEFLATED)
    print(wheel)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
