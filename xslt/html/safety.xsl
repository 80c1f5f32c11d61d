<?xml version="1.0" encoding="UTF-8"?>
<!--
  Safety of the HTML output: the one place that decides which URLs taken from
  the TEI may become links, and how TEI identifiers become HTML ids.

  Everything else is safe by construction: all TEI text is written as text
  nodes and attribute values (the serializer escapes them), the stylesheet
  never uses disable-output-escaping, parse-xml() or parse-xml-fragment(), and
  no TEI attribute is copied into an HTML attribute that a browser interprets
  (href, src, style, on*) except through h:safe-url.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:h="urn:x-tei-edition:html"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!--
    A URL from the TEI that may be written into href/src, or () when it may not.
    Accepted: http:, https:, mailto:, a #fragment, or a relative path (no
    scheme, not starting with // or \\). Rejected: every other scheme
    (javascript:, vbscript:, data:, file:, …), whatever its case.
    Browsers remove tabs and line breaks anywhere in a URL and spaces and
    controls at its ends before they read the scheme ("java&#x09;script:",
    " JaVaScRiPt:"), so the scheme is read from the URL with those removed;
    what is returned is that cleaned URL. A URL that still holds white
    space, a control character or one of  < > " ` \ { } | ^  is rejected too:
    no legitimate pointer needs them unescaped, and they are what attribute-
    and markup-breaking payloads are made of.
  -->
  <xsl:function name="h:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="h:browser-view($url)"/>
    <xsl:sequence select="
      if ($u eq '' or h:has-unsafe-scheme($u)) then ()
      else if (if (h:is-printable-ascii($u)) then matches($u, '[&lt;&gt;&quot;`\\{}|\^]')
               else matches($u, '[\s\p{Z}\p{Cc}\p{Cf}&lt;&gt;&quot;`\\{}|\^]')) then ()
      else if (matches($u, '^[/\\][/\\]')) then ()
      else $u"/>
  </xsl:function>

  <!--
    The first pointer of a TEI pointer attribute (@target, @ref, … hold a
    white-space separated list), checked with h:safe-url, or () when the
    value is unsafe. The whole value is checked first, so that a scheme split
    by a tab or a line break cannot escape as two harmless-looking tokens.
  -->
  <xsl:function name="h:first-safe-pointer" as="xs:string?">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="if (h:safe-pointers($value)) then h:safe-url(tokenize(normalize-space($value))[1]) else ()"/>
  </xsl:function>

  <!-- Whether every pointer of a pointer-list attribute is safe (and there is at least one). -->
  <xsl:function name="h:safe-pointers" as="xs:boolean">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="
      (: the common case, local pointers like #a #b, without the general checks (nor tokenizing) :)
      matches($value, '^\s*#[A-Za-z_][A-Za-z0-9_.\-]*(\s+#[A-Za-z_][A-Za-z0-9_.\-]*)*\s*$')
      or (let $tokens := tokenize(normalize-space($value))
          return exists($tokens)
            and not(h:has-unsafe-scheme(h:browser-view($value)))
            and (every $t in $tokens satisfies exists(h:safe-url($t))))"/>
  </xsl:function>

  <!-- The string as a browser's URL parser sees it: tabs and line breaks removed, spaces and controls trimmed. -->
  <xsl:function name="h:browser-view" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:sequence select="if (h:is-printable-ascii(string($url))) then string($url)
      else replace(replace(string($url), '[\t\n\r]', ''), '^[\s\p{Cc}]+|[\s\p{Cc}]+$', '')"/>
  </xsl:function>

  <!--
    Only printable ASCII (U+0021 to U+007E: no space, no control, nothing
    beyond ASCII): such a string holds no character of the Unicode
    categories Z, Cc and Cf, so the tests above need not look for them.
    This is the common case (almost every URL and pointer), and it saves
    the \p{…} classes, which SaxonJS expands into a large character class
    on every call (~0.1 ms each, several per register entry).
  -->
  <xsl:function name="h:is-printable-ascii" as="xs:boolean">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="matches($s, '^[!-~]*$')"/>
  </xsl:function>

  <!--
    A scheme other than http, https and mailto at the start; or a script
    scheme anywhere (belt and braces: "#x javascript:…" lists, fragments that
    a careless script might later use as a URL).
  -->
  <xsl:function name="h:has-unsafe-scheme" as="xs:boolean">
    <xsl:param name="u" as="xs:string"/>
    <xsl:sequence select="
      (matches($u, '^[A-Za-z][A-Za-z0-9+.\-]*:')
        and not(lower-case(substring-before($u, ':')) = ('http', 'https', 'mailto')))
      or matches($u, '(java|vb|live)script:', 'i')"/>
  </xsl:function>

  <!--
    HTML ids from TEI xml:ids. The mapping is injective and never produces an
    id in the namespaces the stylesheet generates itself:
    - an id that is a plain name (see h:is-plain-name) is kept as it is,
      unless it starts with a reserved prefix (see $h:reserved-id-prefixes) -
      then it gets "tei-" in front (so "note-1" becomes "tei-note-1" and
      "tei-x" becomes "tei-tei-x");
    - any other id (spaces, quotes, "<", a leading digit …) becomes
      "tei-x-" followed by its characters, every character other than an
      ASCII letter, digit or "-" written as _HEX_ (its code point).
    Generated ids: note-nN, noteref-nN, app-…, var-…, entity-…, wit-…, doc-….
  -->
  <xsl:variable name="h:reserved-id-prefixes" as="xs:string+" static="yes"
    select="('tei-', 'note-', 'noteref-', 'app-', 'var-', 'entity-', 'wit-', 'doc-', 'cite-', 'search-', 'page-')"/>

  <!--
    The ids the page around the text uses (src/site/: the skip link's #main,
    section headings "downloads-h", "cite-h", …, the "Cite this" box
    "cite-…", the search form "search-…"): a TEI xml:id "main" or
    "downloads-h" would otherwise clash with them. New page ids should start
    with "page-" or end in "-h"; tests/controls.test.ts builds a letter whose
    xml:ids are every id of a document page and checks none is duplicated.
  -->
  <xsl:variable name="h:reserved-page-ids" as="xs:string+" static="yes" select="('main', 'top', 'content')"/>

  <!-- Written out at compile time (common.xsl's $h:is-pointer-attribute). -->
  <xsl:variable name="h:reserved-id-prefix-set" as="map(xs:string, xs:boolean)" _select="map {{ {string-join($h:reserved-id-prefixes ! ('''' || . || ''': true()'), ', ')} }}"/>
  <xsl:variable name="h:reserved-page-id-set" as="map(xs:string, xs:boolean)" _select="map {{ {string-join($h:reserved-page-ids ! ('''' || . || ''': true()'), ', ')} }}"/>

  <xsl:function name="h:is-reserved-id" as="xs:boolean">
    <xsl:param name="id" as="xs:string"/>
    <!--
      Each reserved prefix ends in its only "-", so an id starts with one
      exactly when the part before its first "-" is one: a map lookup, not a
      starts-with per prefix (this runs for every id written).
    -->
    <xsl:sequence select="map:contains($h:reserved-id-prefix-set, substring-before($id, '-') || '-') or map:contains($h:reserved-page-id-set, $id) or ends-with($id, '-h')"/>
  </xsl:function>

  <xsl:function name="h:html-id" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="
      if (h:is-plain-name($id))
      then (if (h:is-reserved-id($id)) then 'tei-' || $id else $id)
      else 'tei-x-' || string-join(
        for $c in string-to-codepoints($id)
        return if (($c ge 48 and $c le 57) or ($c ge 65 and $c le 90) or ($c ge 97 and $c le 122) or $c eq 45)
               then codepoints-to-string($c)
               else '_' || h:hex($c) || '_')"/>
  </xsl:function>

  <!--
    A name that is safe and convenient as an HTML id and in CSS selectors: a
    letter or "_", then letters, digits, "_", "." and "-". "Letter" is an
    ASCII letter or any character from U+00C0 on except the general
    punctuation and space blocks (U+2000–U+206F), U+3000, U+FEFF and
    U+FFF0 on. (Integer tests, not \p{L}: SaxonJS expands the Unicode
    categories into a huge class on every call, ~0.6 ms each.)
  -->
  <xsl:function name="h:is-plain-name" as="xs:boolean">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="
      matches($id, '^[A-Za-z_][A-Za-z0-9_.\-]*$')
      or (
        let $cs := string-to-codepoints($id)
        return exists($cs)
          and (every $c in $cs satisfies h:is-name-char($c))
          and not($cs[1] = (45, 46) or ($cs[1] ge 48 and $cs[1] le 57)))"/>
  </xsl:function>

  <xsl:function name="h:is-name-char" as="xs:boolean">
    <xsl:param name="c" as="xs:integer"/>
    <xsl:sequence select="
      ($c ge 48 and $c le 57) or ($c ge 65 and $c le 90) or ($c ge 97 and $c le 122) or $c = (45, 46, 95)
      or ($c ge 192 and not($c ge 8192 and $c le 8303) and $c ne 12288 and $c ne 65279 and $c lt 65520)"/>
  </xsl:function>

  <!-- A language tag (BCP 47 syntax) for @lang, or () for anything else. -->
  <xsl:function name="h:lang" as="xs:string?">
    <xsl:param name="tag" as="xs:string?"/>
    <xsl:sequence select="$tag[matches(., '^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$')]"/>
  </xsl:function>

  <xsl:function name="h:hex" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="(if ($n ge 16) then h:hex($n idiv 16) else '') || substring('0123456789ABCDEF', $n mod 16 + 1, 1)"/>
  </xsl:function>

</xsl:stylesheet>
