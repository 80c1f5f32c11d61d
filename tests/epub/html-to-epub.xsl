<?xml version="1.0" encoding="UTF-8"?>
<!--
  The test oracle of src/render/epub-body.ts (tests/epub-body.test.ts): the
  stylesheet that made each letter's EPUB body until that pass over the
  serialized parts replaced it (a letter of 10,000 notes: about 5 s of CPU
  to parse the parts and transform them). Not part of the toolkit.

  The web edition's rendering of a letter (the XHTML parts of
  xslt/tei-to-html.xsl, wrapped in one div) → the body of its EPUB content
  document (src/render/epub.ts):
  - note calls become EPUB note references (epub:type="noteref") and the
    notes EPUB footnotes (aside epub:type="footnote"), which e-readers that
    support them show as pop-ups;
  - links to the web edition's other pages (registers, other documents)
    become plain spans: the book's indexes take their place;
  - controls that need the web page's script (buttons) are left out.
  Everything else is copied unchanged.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:epub="http://www.idpf.org/2007/ops"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.w3.org/1999/xhtml"
  exclude-result-prefixes="xs"
  expand-text="yes">

  <xsl:output method="xml" omit-xml-declaration="yes" indent="no" encoding="UTF-8"/>

  <xsl:mode on-no-match="shallow-copy"/>

  <xsl:template match="/*">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="a[tokenize(@class) = 'noteref']">
    <a epub:type="noteref">
      <xsl:apply-templates select="@* except @role, node()"/>
    </a>
  </xsl:template>

  <xsl:template match="section[tokenize(@class) = 'notes']">
    <section class="{@class}" epub:type="footnotes">
      <xsl:apply-templates select="@aria-labelledby, h2"/>
      <xsl:for-each select=".//li[starts-with(@id, 'note-')]">
        <aside id="{@id}" class="{@class}" epub:type="footnote">
          <p>
            <span class="note-number">{@value}. </span>
            <xsl:apply-templates select="node()"/>
          </p>
        </aside>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- Links into the web edition's own pages (not #fragments, not the web). -->
  <xsl:template match="a[@href][not(starts-with(@href, '#'))][not(matches(@href, '^(https?|mailto):', 'i'))]">
    <span>
      <xsl:apply-templates select="@class, @lang, @xml:lang, @data-ref, node()"/>
    </span>
  </xsl:template>

  <!--
    A note's own block elements inside the one paragraph of its footnote.
    Written as a test of the element's ancestors: SaxonJS compiles the
    pattern li[…]//(p | div) to a general one, evaluated from each ancestor
    of every p and div (the list's ol visits every note), so a letter with
    thousands of notes took quadratic time.
  -->
  <xsl:template match="(p | div)[ancestor::li[starts-with(@id, 'note-')]]">
    <span class="{string-join(('block', @class), ' ')}">
      <xsl:apply-templates select="@* except @class, node()"/>
    </span>
  </xsl:template>

  <xsl:template match="button | script | @role[. = ('doc-endnotes', 'doc-backlink')]"/>

</xsl:stylesheet>
