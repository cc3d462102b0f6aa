import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ModuleRegistry,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  TooltipModule,
} from 'ag-grid-community';

/**
 * Registers the AG Grid modules the screens use, once, at start-up. AG Grid ships as modules;
 * registering only these keeps the bundle small, and a missing one is logged by the grid (the e2e
 * suite fails on console errors, so it cannot go unnoticed).
 */
export function registerGridModules(): void {
  ModuleRegistry.registerModules([
    ClientSideRowModelModule,
    ClientSideRowModelApiModule,
    RowApiModule,
    RowSelectionModule,
    CellStyleModule,
    RowStyleModule,
    TooltipModule,
  ]);
}
