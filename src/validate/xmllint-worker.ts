// The worker thread behind runXmllint (xmllint.ts): one libxml2 engine,
// loaded once, answering validation requests in order.
import { serve } from '../worker/channel.js';
import { runXmllintHere, type XmllintFile } from './xmllint.js';

serve((r: { files: XmllintFile[]; args: string[]; maxMemoryPages: number }) => runXmllintHere(r.files, r.args, r.maxMemoryPages));
