// A thread of the build's worker pool (src/build/pool.ts): checks and
// renders documents (src/build/document.ts). Stylesheets, the Schematron
// rules and the Typst compiler are loaded once per thread, on first use.
import { serve } from '../worker/channel.js';
import { handleDocumentRequest } from './document.js';

serve(handleDocumentRequest);
