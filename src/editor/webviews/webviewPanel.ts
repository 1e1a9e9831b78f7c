// The editor side of the two webview pages: a panel that may load only the extension's page files,
// and the resources each rendering hands its HTML (file URIs as the webview sees them, a new nonce).
import * as vscode from 'vscode';
import type { WebviewResources } from './webviewPage';

/** Where a page's files are: its stylesheet in media, its script bundled from src/webview into dist/webview. */
export interface PageFiles {
  readonly mediaRoot: vscode.Uri;
  readonly scriptRoot: vscode.Uri;
  /** The page's name: `<name>.css` and `<name>.js`. */
  readonly name: string;
  /** A stylesheet in media shared with other pages, `<sharedStyle>.css`, linked before the page's own. */
  readonly sharedStyle?: string;
}

/** A webview panel in the active column, scripts on, loading nothing but the extension's page files. */
export function createPagePanel(
  viewType: string,
  title: string,
  extensionUri: vscode.Uri,
  name: string,
  sharedStyle?: string,
): { panel: vscode.WebviewPanel; files: PageFiles } {
  const mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
  const scriptRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const panel = vscode.window.createWebviewPanel(viewType, title, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [mediaRoot, scriptRoot],
  });
  panel.iconPath = vscode.Uri.joinPath(mediaRoot, 'icon.png');
  return { panel, files: { mediaRoot, scriptRoot, name, ...(sharedStyle ? { sharedStyle } : {}) } };
}

/** The page's script and stylesheet as this webview loads them, and a nonce of its own for each rendering. */
export function pageResources(webview: vscode.Webview, files: PageFiles): WebviewResources {
  return {
    cspSource: webview.cspSource,
    // Web Crypto is global in the extension host: no node:crypto to load on activation.
    nonce: Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('base64'),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(files.scriptRoot, `${files.name}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(files.mediaRoot, `${files.name}.css`)).toString(),
    ...(files.sharedStyle
      ? {
          sharedStyleUri: webview
            .asWebviewUri(vscode.Uri.joinPath(files.mediaRoot, `${files.sharedStyle}.css`))
            .toString(),
        }
      : {}),
  };
}
