// The worker thread behind renderHtmlOffThread (html.ts): the HTML
// stylesheet, compiled once in this thread, rendering documents in order.
import { serve } from '../worker/channel.js';
import { loadHtmlRenderer, type HtmlRenderer, type RenderedDocument, type RenderHtmlOptions } from './html.js';

let renderer: Promise<HtmlRenderer> | undefined;

serve(async (r: { text: string; options: Omit<RenderHtmlOptions, 'registerHref'> }): Promise<RenderedDocument> => {
  renderer ??= loadHtmlRenderer();
  return (await renderer)(r.text, r.options);
});
