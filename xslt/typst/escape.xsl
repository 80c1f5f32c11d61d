<?xml version="1.0" encoding="UTF-8"?>
<!--
  Escaping for Typst (0.14). Everything the generated Typst takes from the
  TEI passes through exactly one of these two functions:

  ty:markup($s)  text in markup mode (inside [...] content): every character
                 that markup gives a meaning is escaped with a backslash, so
                 it prints as itself. Escaped: \ # $ * _ ` < > @ = - + / ~
                 [ ] { } ( ) . — that is, code (#), math ($), strong and
                 emphasis, raw text, labels and references, headings, list
                 and enumeration markers (- + and "1."), term lists and
                 comments (/), non-breaking space (~), the shorthands (double
                 and triple hyphen, hyphen and question mark, three dots),
                 and every character that could continue or end a code
                 expression standing right before the text (. ( [ {, and
                 ; which ends it and is swallowed: "#footnote[…]; and"
                 printed "…1 and").
                 Not escaped: " and ' (they become typographic quotation
                 marks: the edition's typographic convention, see
                 ed-typography-notice), and characters with no meaning in
                 markup.
  ty:string($s)  a string literal for code mode: "…" with \ and " escaped;
                 white space collapsed, so no line breaks.

  A backslash followed by any character other than white space or "u{" is
  an escape in Typst markup; since every backslash of the text is itself
  escaped, "\u{…}" cannot arise either.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:x-tei-edition:text"
  xmlns:ty="urn:x-tei-edition:typst"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:function name="ty:markup" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace($s, '([\\#$*_`&lt;&gt;@=\-+/~\[\]\{\}().;])', '\\$1')"/>
  </xsl:function>

  <!-- A string without the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069). -->
  <xsl:function name="ty:without-bidi" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="if (matches($s, '[&#x202A;-&#x202E;&#x2066;-&#x2069;]')) then replace($s, '[&#x202A;-&#x202E;&#x2066;-&#x2069;]', '') else $s"/>
  </xsl:function>

  <xsl:function name="ty:string" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="s" select="normalize-space($s)"/>
    <!-- Mostly a name or a plain value (every block's kind): no regular expression when there is nothing to escape. -->
    <xsl:sequence select="'&quot;' || (if (contains($s, '\') or contains($s, '&quot;')) then replace(replace($s, '\\', '\\\\'), '&quot;', '\\&quot;') else $s) || '&quot;'"/>
  </xsl:function>

  <!--
    Text shown exactly as the witness has it (lemmata and readings in the
    apparatus, where the variant may be the quotation mark itself): quotation
    marks escaped too, so that Typst sets them straight.
  -->
  <xsl:function name="ty:literal" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace(ty:markup($s), '([&quot;''])', '\\$1')"/>
  </xsl:function>

  <!--
    The typographic convention of the print edition: a double (or triple)
    hyphen is an em dash. Quotation marks are left to Typst (see above).
  -->
  <xsl:function name="ty:typo" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <!-- Asked of every text node: most have no double hyphen, and contains() costs far less than replace(). -->
    <xsl:sequence select="if (contains($s, '--')) then replace($s, '-{2,3}', '—') else $s"/>
  </xsl:function>

  <!--
    A value printed as a unit (a header field, a witness's title or
    shelfmark, a register name, a reading of the apparatus, another letter's
    title), isolated in the direction of its text when it holds
    bidirectional controls: each embedding or override (U+202A, U+202B,
    U+202D, U+202E) and isolate (U+2066-U+2068) opened in it and not closed
    is closed at its end (U+202C POP DIRECTIONAL FORMATTING, U+2069 POP
    DIRECTIONAL ISOLATE, as the Unicode bidirectional algorithm pairs them),
    and the whole stands between U+2068 FIRST STRONG ISOLATE and U+2069, as
    HTML's <bdi>. Otherwise Typst lays out what follows in the same
    paragraph in that direction (a witness's title ending in U+202E printed
    the shelfmark after it reversed); closed but not isolated, its reversed
    characters still take a number after them into their run (a running
    head's page number stood before it: the bidirectional algorithm's rule
    N1). The characters the editor wrote stay; a value without them is
    returned as it is.
  -->
  <xsl:function name="ty:isolated" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="if (matches($s, '[&#x202A;-&#x202E;&#x2066;-&#x2069;]')) then '&#x2068;' || $s || ty:bidi-closers($s) || '&#x2069;' else string($s)"/>
  </xsl:function>

  <!-- The closing characters a string's unclosed embeddings, overrides and isolates need, innermost first. -->
  <xsl:function name="ty:bidi-closers" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <!-- What is open, as the code point that closes each, outermost first. -->
    <xsl:variable name="open" as="xs:integer*" select="fold-left(string-to-codepoints($s)[. = (8234 to 8238, 8294 to 8297)], (),
      function ($open as xs:integer*, $c as xs:integer) as xs:integer* {
        if ($c = (8234, 8235, 8237, 8238)) then ($open, 8236)
        else if ($c = (8294, 8295, 8296)) then ($open, 8297)
        (: PDF closes the last embedding or override, not across an isolate; PDI the last isolate and all opened in it :)
        else if ($c = 8236) then (if ($open[last()] = 8236) then $open[position() lt last()] else $open)
        else (let $i := index-of($open, 8297)[last()] return if (exists($i)) then $open[position() lt $i] else $open)
      })"/>
    <xsl:sequence select="codepoints-to-string(reverse($open))"/>
  </xsl:function>

  <!-- A text node of the TEI, ready for markup mode: white space collapsed, dashes set, escaped. -->
  <xsl:function name="ty:text" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="ty:markup(ty:typo(t:collapse($s)))"/>
  </xsl:function>

</xsl:stylesheet>
