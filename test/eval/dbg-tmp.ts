import { devReadDocument } from './dev-reader';
import { layoutPage, valuesFor, cellOf, matchLabel } from '../../src/core/extraction/layout';
import { LABELS } from '../../src/core/extraction/labels';
const [file, labelText] = [process.argv[2]!, process.argv[3]!];
const pages = await devReadDocument(file);
const layout = layoutPage(pages[0]!);
for (const line of layout.lines) for (const seg of line.segments) {
  if (!seg.text.startsWith(labelText)) continue;
  const m = matchLabel(seg.tokens, LABELS);
  console.log('label', seg.text, m, 'cell', cellOf(layout, seg), 'seg', seg.x0, seg.x1, seg.y0, seg.y1);
  for (const c of valuesFor(layout, seg, m?.length ?? 1, () => false, 4)) console.log('  ', c.placement, c.distance, JSON.stringify(c.text));
}
