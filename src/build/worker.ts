// A thread of the build's worker pool (src/build/pool.ts): checks and
// renders documents (src/build/document.ts). Stylesheets, the Schematron
// rules and the Typst compiler are loaded once per thread, on first use or
// ahead of it, when the build sends a warm-up (src/build/warm.ts).
import { serve } from '../worker/channel.js';
import { handleDocumentRequest, type DocumentRequest } from './document.js';
import { warmUp, type WarmRequest } from './warm.js';

serve<DocumentRequest | WarmRequest, unknown>((request) => (request.kind === 'warm' ? warmUp(request) : handleDocumentRequest(request)));
