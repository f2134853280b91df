/**
 * The page's language, set before anything renders: main.ts imports this module first. The host
 * (and the HTML report) put the `L10nSetup` in a JSON script `#lossdbg-l10n` (src/protocol.ts
 * `pageShell`); without one the webview speaks English.
 */
import { L10N_SCRIPT_ID, readL10nSetup } from '../src/protocol';
import { setL10n } from '../src/l10n';

setL10n(readL10nSetup(document.getElementById(L10N_SCRIPT_ID)?.textContent));
