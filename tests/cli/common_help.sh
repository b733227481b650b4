#!/usr/bin/env bash
# --help and the man pages say the same thing (recpipe(7)): for every command, the options of `CMD --help` and
# those of the OPTIONS section of CMD(1) are the same, long and short names alike; each common option's bracketed
# default and limits in --help (the one text of lib/command_line.cc) appear word for word in CMD(1)'s entry for
# it and, for the common options of recpipe(7), in its COMMON OPTIONS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python

MAN=$RECPIPE_SOURCE_DIR/man
for cmd in chunk dedupe merge pack parse-events bam2cols parse-gtfs scan2db; do
  exe=$RECPIPE_BIN/../${cmd//-/_}/$cmd
  [[ $cmd == chunk ]] && exe=$CHUNK
  [[ -x $exe ]] || fail "no $cmd executable at $exe"
  "$exe" --help >"$cmd.help" || fail "$cmd --help failed"
done

python3 - "$MAN" <<'PY' || fail "--help and the man pages disagree (see above)"
import re, sys

man_dir = sys.argv[1]
COMMANDS = ["chunk", "dedupe", "merge", "pack", "parse-events", "bam2cols", "parse-gtfs", "scan2db"]
problems = []

def squash(s):
    return re.sub(r"\s+", " ", s).strip()

# --- --help: Boost.ProgramOptions' layout ------------------------------------------------------------------
def parse_help(text):
    """{long: {"short": x or None, "text": entry text, "section": "own"|"common"}}"""
    options, current, section = {}, None, None
    for line in text.splitlines():
        if line.startswith("Options:"):
            section = "own"
            continue
        if line.startswith("Common options"):
            section = "common"
            continue
        m = re.match(r"^  (?:-(\w) \[ --([\w-]+) \]|--([\w-]+))(.*)$", line)
        if section and m:
            long = m.group(2) or m.group(3)
            current = options[long] = {"short": m.group(1), "text": m.group(4), "section": section}
        elif section and current and line.startswith("   "):
            current["text"] += " " + line.strip()
        else:
            current = None
    return options

def bracket(text):
    """The bracketed default that ends an entry ("[rec; tsv on a terminal]"), or None."""
    text = squash(text)
    if not text.endswith("]"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {"]": 1, "[": -1}.get(text[i], 0)
        if depth == 0:
            return text[i:]
    return None

# --- man pages: the roff source -------------------------------------------------------------------------------
def roff_text(line):
    """The text a roff line shows (font macros and escapes gone; alternating macros join their words)."""
    m = re.match(r"^\.(B|I|BR|RB|BI|IB|IR|RI|SM)\s+(.*)$", line)
    if m:
        args = re.findall(r'"((?:[^"\\]|\\.)*)"|(\S+)', m.group(2))
        words = [a or b for a, b in args]
        line = (" " if len(m.group(1)) == 1 else "").join(words)
    elif line.startswith("."):
        return ""
    line = re.sub(r"\\f[BIRP]", "", line)
    line = re.sub(r"\\f\[\w*\]", "", line)
    for esc, ch in (("\\-", "-"), ("\\(dq", '"'), ("\\(aq", "'"), ("\\e", "\\"), ("\\&", ""), ("\\~", " "),
                    ("\\ ", " "), ("\\c", ""), ("\\(em", "--"), ("\\(en", "-")):
        line = line.replace(esc, ch)
    return line

def parse_man(path, section_name):
    """Entries of a section (.TP tag, then body up to the next .TP/.SS/.SH/.PP):
    [{"longs": [...], "shorts": [...], "tag": text, "body": text}]"""
    lines = open(path, encoding="utf-8").read().splitlines()
    entries, inside, i = [], False, 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(".SH"):
            inside = squash(line[3:].replace('"', "")) == section_name
        elif inside and line.startswith(".TP") and i + 1 < len(lines):
            tag = roff_text(lines[i + 1])
            body, j = [], i + 2
            while j < len(lines) and not re.match(r"^\.(TP|SS|SH|PP|P|LP)\b", lines[j]):
                body.append(roff_text(lines[j]))
                j += 1
            longs = re.findall(r"(?<![\w-])--([a-z][\w-]*)", tag)
            shorts = re.findall(r"(?<![\w-])-(\w)\b(?!-)", tag)
            entries.append({"longs": longs, "shorts": shorts, "tag": squash(tag), "body": squash(" ".join(body))})
            i = j
            continue
        i += 1
    return entries

def by_long(entries):
    out = {}
    for e in entries:
        for name in e["longs"]:
            out[name] = e
    return out

helps = {c: parse_help(open(c + ".help", encoding="utf-8").read()) for c in COMMANDS}

for cmd in COMMANDS:
    help_opts = helps[cmd]
    if not help_opts:
        problems.append(f"{cmd} --help: no options found (has its layout changed?)")
        continue
    man = by_long(parse_man(f"{man_dir}/{cmd}.1", "OPTIONS"))
    for name in sorted(set(help_opts) - set(man)):
        problems.append(f"{cmd}: --{name} is in --help but not among the options of {cmd}(1)")
    for name in sorted(set(man) - set(help_opts)):
        problems.append(f"{cmd}: --{name} is in {cmd}(1) but not in --help")
    for name, o in help_opts.items():
        e = man.get(name)
        if not e:
            continue
        # Short names: the one --help gives must be in the man page's tag, and the tag must give no other.
        pair_shorts = set(e["shorts"]) if len(e["longs"]) == 1 else set()
        if o["short"] and o["short"] not in e["shorts"]:
            problems.append(f"{cmd}: --help gives -{o['short']} for --{name}; {cmd}(1) does not: {e['tag']}")
        if len(e["longs"]) == 1 and pair_shorts - {o["short"]}:
            problems.append(f"{cmd}(1) gives -{','.join(sorted(pair_shorts))} for --{name}; --help does not")
        if o["section"] == "common":
            b = bracket(o["text"])
            if b and b not in e["body"]:
                problems.append(f"{cmd}: --{name}: {cmd}(1) lacks the default of --help, {b}: {e['body'][:300]}")

# recpipe(7) describes the common options once: the same set, the same defaults (chunk's texts: it reads rows).
common = {n: o for n, o in helps["chunk"].items() if o["section"] == "common"}
for cmd in COMMANDS:
    names = {n for n, o in helps[cmd].items() if o["section"] == "common"}
    if names != set(common):
        problems.append(f"{cmd}: its common options differ from chunk's: {sorted(names ^ set(common))}")
seven = by_long(parse_man(f"{man_dir}/recpipe.7", "COMMON OPTIONS"))
for name in sorted(set(common) ^ set(seven)):
    problems.append(f"recpipe(7) COMMON OPTIONS and --help differ on --{name}")
for name, o in common.items():
    e = seven.get(name)
    b = bracket(o["text"])
    if e and b and b not in e["body"]:
        problems.append(f"recpipe(7): --{name} lacks the default of --help, {b}: {e['body'][:300]}")

for p in problems:
    print("FAIL:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

finish
