import type { ExportedFile } from '../../shared/contract';

/** Saves a file the backend exported (text or base64) through the browser's download. */
export function downloadExportedFile(file: ExportedFile): void {
  let blob: Blob;
  if (file.encoding === 'base64') {
    const binary = atob(file.data);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    blob = new Blob([bytes as BlobPart], { type: file.mediaType });
  } else {
    blob = new Blob([file.data], { type: file.mediaType });
  }
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once click() returns; a tick later the URL can go.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
