// The disclosure log (Markdown as written beside the files) as HTML a researcher reads: headings, tables, paragraphs.

import { SUMMARY_END } from '../../disclosure/log-summary.ts';
import { escapeHtml } from '../layout.ts';

const inline = (s: string): string => escapeHtml(s).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/`([^`]+)`/g, '<span class="mono">$1</span>');

const cells = (line: string): string[] => line.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());

/** Only the Markdown the log uses: #-headings, pipe tables, bullet lines, paragraphs. Everything is escaped. */
export function logHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading !== null) {
      const level = Math.min(4, (heading[1] ?? '#').length + 1);
      out.push(`<h${String(level)}>${inline(heading[2] ?? '')}</h${String(level)}>`);
    } else if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && (lines[i] ?? '').startsWith('|'); i++) {
        const row = cells(lines[i] ?? '');
        if (!row.every((c) => /^:?-+:?$/.test(c))) rows.push(row);
      }
      i -= 1;
      const [head, ...body] = rows;
      out.push(`<table><thead><tr>${(head ?? []).map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
    } else if (/^[-*]\s+/.test(line)) {
      out.push(`<p>• ${inline(line.replace(/^[-*]\s+/, ''))}</p>`);
    } else if (line.trim() !== '') out.push(`<p>${inline(line)}</p>`);
  }
  return out.join('\n');
}

/**
 * The export log as the studio shows it: the title and the summary (what the gate did per variable, the checks passed
 * and failed) open, then the full log — risk before and after, every table — folded in a <details> (no script).
 */
export function foldedLogHtml(markdown: string, fullLogLabel: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf('## Summary');
  const end = start < 0 ? -1 : lines.indexOf(SUMMARY_END, start);
  if (end < 0) return logHtml(markdown);
  const rest = lines.slice(end + 1);
  const rows = rest.filter((l) => l.startsWith('|') && !/^\|[\s:|-]+\|$/.test(l)).length;
  return `${logHtml(lines.slice(0, end).join('\n'))}\n<details class="log"><summary>${escapeHtml(fullLogLabel.replace('{rows}', String(rows)))}</summary>\n${logHtml(rest.join('\n'))}</details>`;
}
