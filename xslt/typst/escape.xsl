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

  <!-- A text node of the TEI, ready for markup mode: white space collapsed, dashes set, escaped. -->
  <xsl:function name="ty:text" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="ty:markup(ty:typo(t:collapse($s)))"/>
  </xsl:function>

</xsl:stylesheet>
