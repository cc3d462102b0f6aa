import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import type { BBox, DocumentDetail, EInvoiceInfo, FieldName, ReviewedField } from '../../../../shared/documents';
import { Icon } from '../../../ui/Icon';
import { Spinner } from '../../../ui/Spinner';
import { FIELD_LABELS, formatFieldValue } from '../document-labels';
import { EinvoicePanel } from './EinvoicePanel';
import { fieldPlace, pageDisagreement } from './field-place';
import { closePageSource, drawPage, isCancelled, loadPageSource } from './page-source';
import type { Drawing, PageSource } from './page-source';

/** The original file as `documents.file` returned it, or why it is not there (yet). */
export type FileState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'failed'; readonly message: string }
  | { readonly phase: 'ready'; readonly mediaType: string; readonly data: string };

// Zoom is a multiple of "fit width", so it means the same for a 200-dpi scan and a vector PDF.
const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3];
const PAGE_GUTTER = 24;

/**
 * The document as printed, one page at a time, with a box over every extracted field of the page.
 * Pages are drawn upright: turned by the rotation text reading applied, because the boxes were
 * measured on the upright page.
 */
export function DocumentViewer({
  file,
  pageList,
  pageRange = null,
  fields,
  selected,
  onSelect,
  page,
  onPageChange,
  highlight = null,
  einvoice,
}: {
  readonly file: FileState;
  readonly pageList: DocumentDetail['pageList'];
  /** The pages of the file this document is, when the file holds several documents. */
  readonly pageRange?: DocumentDetail['pageRange'];
  readonly fields: readonly ReviewedField[];
  readonly selected: FieldName | null;
  readonly onSelect: (field: FieldName) => void;
  readonly page: number;
  readonly onPageChange: (page: number) => void;
  /** A box a deep link points at (a finding's evidence), outlined on its page. */
  readonly highlight?: { readonly page: number; readonly bbox: BBox; readonly label: string } | null;
  /** The e-invoice the document carries; an XML file shows it in place of a page. */
  readonly einvoice?: EInvoiceInfo | undefined;
}): ReactElement {
  const [source, setSource] = useState<PageSource | null>(null);
  const [zoom, setZoom] = useState(1);
  const [viewportWidth, setViewportWidth] = useState(0);
  const [drawn, setDrawn] = useState<{ readonly key: string; readonly width: number; readonly height: number } | null>(null);
  const [drawError, setDrawError] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (file.phase !== 'ready') return;
    let live = true;
    let opened: PageSource | null = null;
    void loadPageSource(file).then((loaded) => {
      if (!live) {
        closePageSource(loaded);
        return;
      }
      opened = loaded;
      setSource(loaded);
    });
    return () => {
      live = false;
      if (opened) closePageSource(opened);
    };
  }, [file]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewportWidth(element.clientWidth));
    observer.observe(element);
    setViewportWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const pageCount = source?.kind === 'pdf' ? source.pages : source?.kind === 'image' ? 1 : Math.max(pageList.length, 1);
  const firstPage = pageRange?.from ?? 1;
  const lastPage = pageRange ? Math.min(pageRange.to, pageCount) : pageCount;
  const rotation = pageList.find((entry) => entry.n === page)?.rotation ?? 0;
  const cssWidth = Math.max(160, Math.floor((viewportWidth - 2 * PAGE_GUTTER) * zoom));
  const drawKey = `${page}:${rotation}:${cssWidth}`;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!source || source.kind === 'none' || source.kind === 'xml' || !canvas || viewportWidth === 0) return;
    let cancelled = false;
    let drawing: Drawing | null = null;
    drawPage(source, page, rotation, cssWidth, canvas)
      .then(async (started) => {
        drawing = started;
        if (cancelled) {
          started.cancel();
          return;
        }
        await started.done;
        if (!cancelled) {
          setDrawn({ key: drawKey, width: started.cssWidth, height: started.cssHeight });
          setDrawError(null);
        }
      })
      .catch((error: unknown) => {
        if (cancelled || isCancelled(error)) return;
        setDrawError(`Page ${page} could not be drawn (${error instanceof Error ? error.message : String(error)}).`);
      });
    return () => {
      cancelled = true;
      drawing?.cancel();
    };
  }, [source, page, rotation, cssWidth, viewportWidth, drawKey]);

  const ready = drawn?.key === drawKey;

  // The selected field's box comes into view, whether it was picked in the list or on the page.
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!ready || !scroller || !selected) return;
    const box = scroller.querySelector<HTMLElement>(`[data-box="${selected}"]`);
    if (!box) return;
    const outer = scroller.getBoundingClientRect();
    const inner = box.getBoundingClientRect();
    const visible = inner.top >= outer.top && inner.bottom <= outer.bottom && inner.left >= outer.left && inner.right <= outer.right;
    if (visible) return;
    scroller.scrollTo({
      top: scroller.scrollTop + inner.top - outer.top - (outer.height - inner.height) / 2,
      left: scroller.scrollLeft + inner.left - outer.left - (outer.width - inner.width) / 2,
      behavior: 'smooth',
    });
  }, [selected, ready, drawKey]);

  // The evidence box a deep link points at comes into view once its page is drawn.
  const highlightShown = ready && highlight !== null && highlight.page === page;
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!highlightShown || !scroller) return;
    const box = scroller.querySelector<HTMLElement>('[data-evidence-box]');
    if (!box) return;
    const outer = scroller.getBoundingClientRect();
    const inner = box.getBoundingClientRect();
    scroller.scrollTo({
      top: scroller.scrollTop + inner.top - outer.top - (outer.height - inner.height) / 2,
      left: scroller.scrollLeft + inner.left - outer.left - (outer.width - inner.width) / 2,
    });
  }, [highlightShown, drawKey]);

  // A value read from invoice XML has no box of its own: it is shown where the page prints that field.
  const boxes = fields.flatMap((field) => {
    const place = fieldPlace(field);
    return place?.page === page && place.bbox ? [{ field, bbox: place.bbox, disagrees: pageDisagreement(field) !== null }] : [];
  });
  const zoomIndex = ZOOM_STEPS.indexOf(zoom);
  const none = source?.kind === 'none' ? source.message : file.phase === 'failed' ? file.message : null;
  const loading = !none && (file.phase === 'loading' || source === null || (!ready && !drawError));

  if (source?.kind === 'xml') return <EinvoicePanel xml={source.text} info={einvoice} fields={fields} />;

  return (
    <section className="viewer" aria-label="Document preview">
      <div className="viewer-toolbar">
        <div className="viewer-toolbar-group">
          <button
            type="button"
            className="icon-button"
            aria-label="Previous page"
            disabled={page <= firstPage}
            onClick={() => onPageChange(page - 1)}
          >
            <Icon name="chevronLeft" size={16} />
          </button>
          <span className="viewer-page-label tabular" aria-live="polite">
            {pageRange ? `Page ${page - firstPage + 1} of ${lastPage - firstPage + 1} · file page ${page}` : `Page ${page} of ${pageCount}`}
          </span>
          <button
            type="button"
            className="icon-button"
            aria-label="Next page"
            disabled={page >= lastPage}
            onClick={() => onPageChange(page + 1)}
          >
            <Icon name="chevronRight" size={16} />
          </button>
        </div>
        <div className="viewer-toolbar-group">
          <button
            type="button"
            className="icon-button"
            aria-label="Zoom out"
            disabled={zoomIndex <= 0}
            onClick={() => setZoom(ZOOM_STEPS[Math.max(0, zoomIndex - 1)] ?? 1)}
          >
            <Icon name="minus" size={16} />
          </button>
          <button
            type="button"
            className={`button button-sm${zoom === 1 ? ' is-active' : ''}`}
            aria-pressed={zoom === 1}
            onClick={() => setZoom(1)}
          >
            <Icon name="fitWidth" size={14} />
            Fit width
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Zoom in"
            disabled={zoomIndex >= ZOOM_STEPS.length - 1}
            onClick={() => setZoom(ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, zoomIndex + 1)] ?? 1)}
          >
            <Icon name="plus" size={16} />
          </button>
          <span className="viewer-zoom-label tabular">{Math.round(zoom * 100)}%</span>
        </div>
      </div>
      <div className="viewer-scroll" ref={scrollRef}>
        {none ? (
          <div className="viewer-message">
            <Icon name="documents" size={24} />
            <p>{none}</p>
          </div>
        ) : (
          <div
            className="viewer-page"
            style={ready && drawn ? { width: drawn.width, height: drawn.height } : { width: cssWidth }}
            data-rendered={ready ? 'true' : 'false'}
          >
            <canvas ref={canvasRef} className="viewer-canvas" aria-label={`Page ${page}`} role="img" />
            {ready ? (
              <div className="viewer-overlay">
                {boxes.map(({ field, bbox, disagrees }) => {
                  const label = FIELD_LABELS[field.name];
                  const isSelected = field.name === selected;
                  return (
                    <button
                      key={field.name}
                      type="button"
                      tabIndex={-1}
                      data-box={field.name}
                      className={`field-box${isSelected ? ' is-selected' : ''}${field.lowConfidence ? ' is-low' : ''}${disagrees ? ' is-disagree' : ''}`}
                      style={{
                        left: `${bbox.x * 100}%`,
                        top: `${bbox.y * 100}%`,
                        width: `${bbox.w * 100}%`,
                        height: `${bbox.h * 100}%`,
                      }}
                      aria-label={`${label} box on page ${page}`}
                      aria-pressed={isSelected}
                      title={`${label}: ${formatFieldValue(field.name, field.value)}`}
                      onClick={() => onSelect(field.name)}
                    >
                      {isSelected ? <span className="field-box-tag">{label}</span> : null}
                    </button>
                  );
                })}
                {highlightShown && highlight ? (
                  <div
                    className="evidence-box"
                    data-evidence-box="true"
                    role="img"
                    aria-label={`Evidence box on page ${page}: ${highlight.label}`}
                    style={{
                      left: `${highlight.bbox.x * 100}%`,
                      top: `${highlight.bbox.y * 100}%`,
                      width: `${highlight.bbox.w * 100}%`,
                      height: `${highlight.bbox.h * 100}%`,
                    }}
                  >
                    <span className="evidence-box-tag" aria-hidden="true">
                      Evidence
                    </span>
                  </div>
                ) : null}
              </div>
            ) : null}
          </div>
        )}
        {loading ? (
          <div className="viewer-loading">
            <Spinner label="Drawing the page…" />
          </div>
        ) : null}
        {drawError ? <div className="viewer-message viewer-message-error">{drawError}</div> : null}
      </div>
    </section>
  );
}
