# Reads an .xlsx with Python's standard library only (zipfile, xml.etree) and prints every sheet as JSON, for
# test/export/xlsx.test.ts: an independent reader of the workbook portas writes (no Excel library on the CI image).
import json
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1

with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    if bad is not None:
        raise SystemExit(f"CRC error in {bad}")
    ET.fromstring(z.read("[Content_Types].xml"))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(PKG + "Relationship")}
    out = []
    for sheet in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        target = rels[sheet.get("{%s}id" % NS["r"])]
        root = ET.fromstring(z.read("xl/" + target))
        rows = []
        for row in root.iter("{%s}row" % NS["m"]):
            cells = []
            for c in row.findall("m:c", NS):
                i = col_index(c.get("r"))
                while len(cells) < i:
                    cells.append(None)
                if c.get("t") == "inlineStr":
                    cells.append("".join(t.text or "" for t in c.iter("{%s}t" % NS["m"])))
                else:
                    v = c.find("m:v", NS)
                    cells.append(float(v.text) if v is not None else None)
            rows.append(cells)
        out.append({"name": sheet.get("name"), "rows": rows})
print(json.dumps(out, ensure_ascii=False))
