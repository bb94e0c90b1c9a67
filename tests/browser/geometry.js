// Injected into a rendered report by tests/test_render.py and run by headless Chromium.
// For every table it lays out the grid (colspan and rowspan counted), measures each grid
// row's left and right edge in pixels, finds cells whose content overflows their box,
// finds where each heading's lines break, and writes the verdict as JSON into a pre element
// (id geometry-verdict) for --dump-dom to read.
(function () {
  // the heading's text, and the offsets of the characters that begin its second, third… line
  function lineBreaks(cell) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let text = "", last = null;
    const at = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (let i = 0; i < node.data.length; i++) {
        if (/\s/.test(node.data[i])) continue;
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        if (!rects.length) continue;
        const top = rects[0].top;
        if (last !== null && top > last + 2) at.push(text.length + i);
        last = top;
      }
      text += node.data;
    }
    return { text: text, at: at };
  }

  function grid(table) {
    const slots = [];
    Array.from(table.rows).forEach(function (tr, r) {
      slots[r] = slots[r] || [];
      let c = 0;
      Array.from(tr.cells).forEach(function (cell) {
        while (slots[r][c]) c++;
        for (let dr = 0; dr < cell.rowSpan; dr++) {
          slots[r + dr] = slots[r + dr] || [];
          for (let dc = 0; dc < cell.colSpan; dc++) slots[r + dr][c + dc] = cell;
        }
        c += cell.colSpan;
      });
    });
    return slots;
  }

  function check() {
    const verdict = { tables: [] };
    document.querySelectorAll("table").forEach(function (table) {
      const slots = grid(table);
      const widths = slots.map(function (row) { return row.length; });
      const holes = slots.some(function (row) {
        for (let c = 0; c < row.length; c++) if (!row[c]) return true;
        return false;
      });
      const spans = slots.map(function (row) {
        const left = row[0].getBoundingClientRect().left;
        const right = row[row.length - 1].getBoundingClientRect().right;
        return Math.round((right - left) * 10) / 10;
      });
      const lefts = slots.map(function (row) { return Math.round(row[0].getBoundingClientRect().left * 10) / 10; });
      const overflowing = [];
      Array.from(table.querySelectorAll("th, td")).forEach(function (cell) {
        if (cell.scrollWidth > cell.clientWidth + 1 || cell.scrollHeight > cell.clientHeight + 1) {
          overflowing.push(cell.textContent);
        }
      });
      const breaks = Array.from(table.querySelectorAll("th")).map(lineBreaks).filter(function (b) {
        return b.at.length > 0;
      });
      const box = table.getBoundingClientRect();
      const room = table.parentElement.getBoundingClientRect();
      const section = table.closest("section") || table;
      const area = section.getBoundingClientRect();
      verdict.tables.push({
        id: section.id || "",
        columns: Array.from(new Set(widths)),
        holes: holes,
        rowWidths: Array.from(new Set(spans)),
        rowLefts: Array.from(new Set(lefts)),
        tableWidth: Math.round(box.width * 10) / 10,
        overflowing: overflowing,
        fitsContainer: box.left >= room.left - 1 && box.right <= room.right + 1,
        breaks: breaks,
        section: { x: area.left + window.scrollX, y: area.top + window.scrollY, width: area.width, height: area.height },
      });
    });
    const out = document.createElement("pre");
    out.id = "geometry-verdict";
    out.textContent = JSON.stringify(verdict);
    document.body.appendChild(out);
  }

  if (document.readyState === "complete") check();
  else window.addEventListener("load", check);
})();
