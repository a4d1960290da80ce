"""Fonts for the official outputs (公文, GB/T 9704).

The documents name the official fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312): Word and
WPS on the users' machines have them. Where they are missing (Linux servers, LibreOffice,
WeasyPrint), ``fonts.conf`` in this directory maps each name to a free font from Debian
(Noto Serif/Sans CJK SC, AR PL KaitiM GB). A deployment that owns licensed fonts drops the
font files into a directory and names it with ``JIXIAO_FONTS_DIR`` (or ``jixiao render
--fonts-dir``): fontconfig then finds the real fonts first.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

PACKAGED_CONF = Path(__file__).with_name("fonts.conf")
FONTS_DIR_ENV = "JIXIAO_FONTS_DIR"

# The official names, as written into DOCX styles and CSS.
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

# Names Word and WPS know on every Windows machine, written into the DOCX font table as
# the alternative of each official name.
WINDOWS_ALTERNATIVES = {FANGSONG: "仿宋", XIAOBIAOSONG: "宋体", HEITI: "SimHei", KAITI: "楷体", SONGTI: "SimSun"}

# CSS stacks: the official name, its common spellings, then the free fallback.
CSS_STACKS = {
    "fangsong": (FANGSONG, "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "serif"),
    "xiaobiaosong": (XIAOBIAOSONG, "方正小标宋_GBK", "华文中宋", "STZhongsong", "Noto Serif CJK SC",
                     "Source Han Serif SC", "serif"),
    "heiti": (HEITI, "SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif"),
    "kaiti": (KAITI, "楷体", "KaiTi", "STKaiti", "AR PL KaitiM GB", "LXGW WenKai", "serif"),
    "songti": (SONGTI, "SimSun", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", "serif"),
}

# Charts use a sans face; matplotlib does not read fontconfig aliases, so name real families.
CHART_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei", "WenQuanYi Zen Hei",
                  "DejaVu Sans"]


def css_stack(name: str) -> str:
    return ", ".join(f'"{f}"' if f not in ("serif", "sans-serif") else f for f in CSS_STACKS[name])


def configured_fonts_dir(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The licensed-fonts directory: the explicit one, else ``$JIXIAO_FONTS_DIR``."""
    raw = explicit if explicit is not None else os.environ.get(FONTS_DIR_ENV)
    if not raw:
        return None
    path = Path(raw).expanduser().resolve()
    return path if path.is_dir() else None


def _installed(family: str, conf: Path) -> bool:
    """Whether fontconfig (with ``conf``, so with the licensed-fonts directory) lists a real
    font of this family."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        out = subprocess.run([fc_list, family, "family"], capture_output=True, text=True, timeout=20,
                             env={**os.environ, "FONTCONFIG_FILE": str(conf)}, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return family in out.stdout


_private: Path | None = None


def _private_dir() -> Path:
    """This user's directory for fontconfig files under /tmp, reused across runs only
    when it is a real directory owned by this user and writable by no one else (another
    user could otherwise plant a configuration there first); else a fresh mkdtemp."""
    global _private
    if _private is not None:
        return _private
    uid = os.getuid() if hasattr(os, "getuid") else 0
    target = Path(tempfile.gettempdir()) / f"jixiao-fonts-{uid}"
    with contextlib.suppress(FileExistsError):
        target.mkdir(mode=0o700)
    try:
        st = os.lstat(target)
        safe = stat.S_ISDIR(st.st_mode) and st.st_uid == uid and not st.st_mode & 0o022
    except OSError:
        safe = False
    _private = target if safe else Path(tempfile.mkdtemp(prefix="jixiao-fonts-"))
    return _private


def _write(text: str, stem: str) -> Path:
    digest = hashlib.sha1(text.encode()).hexdigest()[:12]
    target = _private_dir()
    conf = target / f"{stem}-{digest}.conf"
    if not conf.exists():
        tmp = conf.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(conf)
    return conf


def fontconfig_file(fonts_dir: Path | None = None) -> Path:
    """A fontconfig file for this run: the packaged aliases, the licensed-fonts directory if
    any, and — when no real 方正小标宋简体 is installed — the bold free serif for it (小标宋 is
    a heavy face; its free stand-in is Noto Serif CJK SC Bold)."""
    head = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">', "<fontconfig>"]
    if fonts_dir is not None:
        head.append(f"  <dir>{_xml(str(fonts_dir))}</dir>")
    head.append(f"  <include>{_xml(str(PACKAGED_CONF))}</include>")
    base = _write("\n".join([*head, "</fontconfig>"]) + "\n", "base")
    if _installed(XIAOBIAOSONG, base):
        return base
    bold = [f'  <match target="pattern"><test qual="any" name="family"><string>{family}</string></test>'
            '<edit name="weight" mode="assign"><const>bold</const></edit></match>'
            for family in (XIAOBIAOSONG, "方正小标宋_GBK")]
    return _write("\n".join([*head, *bold, "</fontconfig>"]) + "\n", "fonts")


_configured: Path | None = None


def use_fontconfig(fonts_dir: Path | None = None) -> Path:
    """Point this process's fontconfig (WeasyPrint, and LibreOffice started from here) at
    jixiao's configuration. Must run before the first PDF is laid out. A ``FONTCONFIG_FILE``
    set by the user is kept."""
    global _configured
    user = os.environ.get("FONTCONFIG_FILE")
    if user and (_configured is None or Path(user) != _configured):
        return Path(user)
    if _configured is None or fonts_dir is not None:
        _configured = fontconfig_file(fonts_dir)
        os.environ["FONTCONFIG_FILE"] = str(_configured)
    return _configured


def font_files(fonts_dir: Path | None) -> list[Path]:
    if fonts_dir is None:
        return []
    return sorted(p for p in fonts_dir.rglob("*") if p.suffix.lower() in (".ttf", ".otf", ".ttc"))


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
