import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';

/**
 * A grid cell renderer that builds plain DOM. Scrolling a large grid drops every visible row and
 * makes the rows that come into view; with a React component per cell, a wheel turn over the
 * Receivables grid cost the page a task of 80–150 ms, with plain DOM cells under 60 ms (see the
 * README's checks benchmarks). AG Grid mounts a class with `getGui` as a plain component, not
 * through React.
 */
export type DomCellRenderer<TData> = new () => ICellRendererComp<TData>;

/** A renderer class from a function of the row's data; the cell is rebuilt when the row changes. */
export function domCellRenderer<TData>(build: (data: TData) => HTMLElement | null): DomCellRenderer<TData> {
  return class implements ICellRendererComp<TData> {
    private gui: HTMLElement | null = null;

    init(params: ICellRendererParams<TData>): void {
      this.gui = params.data === undefined ? null : build(params.data);
    }

    getGui(): HTMLElement {
      return (this.gui ??= document.createElement('span'));
    }

    // False: the grid makes the cell again from the new data, which is what init does.
    refresh(): boolean {
      return false;
    }
  };
}

/** An element with a class, optional text, attributes and children. */
export function el(
  tag: keyof HTMLElementTagNameMap,
  className: string,
  content?: string | readonly (Node | null)[],
  attributes?: Readonly<Record<string, string>>,
): HTMLElement {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (typeof content === 'string') element.textContent = content;
  else if (content) for (const child of content) if (child) element.append(child);
  if (attributes) for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}
