<?xml version="1.0" encoding="UTF-8"?>
<!--
  Notes: every note of the text (not inside another note) becomes a numbered
  call in the text and an item of the notes list, linked both ways:

    <a class="noteref generated" id="noteref-n1" href="#note-n1"
       role="doc-noteref" aria-label="Note 1"><sup>1</sup></a>
    …
    <section class="notes" role="doc-endnotes" aria-labelledby="doc-notes-heading">
      <h2 id="doc-notes-heading" class="generated">Notes</h2>
      <ol class="notes-list">
        <li id="note-n1" class="note editorial" value="1" …>
          <span class="note-label visually-hidden generated">Editorial note: </span>
          <span class="tei-note" data-type="editorial" …>…</span>
          <a class="backlink generated" href="#noteref-n1" role="doc-backlink"
             aria-label="Back to text">↩</a></li>

  Numbers come from an accumulator (document order), not from @n (kept in
  data-n) and not from xsl:number level="any", which is quadratic in SaxonJS.
  Notes inside notes, and notes in the header and the registers, are
  rendered inline where they stand.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:h="urn:x-tei-edition:html"
  xmlns:c="urn:x-tei-edition:common"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:include href="note-number.xsl"/>
  <xsl:include href="../common/notes.xsl"/>

  <!-- The notes that get a number, a call and an item of the list. -->
  <xsl:function name="h:numbered-notes" as="element()*">
    <xsl:param name="texts" as="element()*"/>
    <xsl:sequence select="$texts//note[not(ancestor::note)]"/>
  </xsl:function>

  <xsl:function name="h:is-editorial-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="$note/@type = 'editorial'"/>
  </xsl:function>

  <xsl:template match="note" mode="h:html">
    <xsl:param name="context" as="xs:string" tunnel="yes" select="'text'"/>
    <!-- (One walk up for both tests below: the ancestors that are notes, standOff or text.) -->
    <xsl:variable name="around" select="ancestor::*[self::note or self::standOff or self::text]"/>
    <xsl:choose>
      <!-- An apparatus entry shows readings only. -->
      <xsl:when test="$context eq 'app-entry'"/>
      <!-- A note inside a note or a bibliography entry: in parentheses as in the text and print editions, apart from the word before it. -->
      <xsl:when test="exists($around[self::note or self::standOff])">
        <xsl:text> </xsl:text>
        <xsl:call-template name="h:generated">
          <xsl:with-param name="text" select="'('"/>
        </xsl:call-template>
        <xsl:call-template name="h:inline">
          <xsl:with-param name="classes" select="('inline-note', 'editorial'[h:is-editorial-note(current())])"/>
        </xsl:call-template>
        <xsl:call-template name="h:generated">
          <xsl:with-param name="text" select="')'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$context = ('note', 'meta') or empty($around[self::text])">
        <xsl:call-template name="h:inline">
          <xsl:with-param name="classes" select="('inline-note', 'editorial'[h:is-editorial-note(current())])"/>
        </xsl:call-template>
      </xsl:when>
      <!-- A stand-off note: its call stands at its target (common/notes.xsl). -->
      <!-- (c:note-place gives () without @target: asked only of notes with one.) -->
      <xsl:when test="@target and exists(c:note-place(.))"/>
      <xsl:otherwise>
        <xsl:call-template name="h:note-call"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The call of the context note (no parameter: each costs SaxonJS microseconds a call). -->
  <xsl:template name="h:note-call">
    <xsl:variable name="n" select="h:note-number(.)"/>
    <a class="{if (h:is-editorial-note(.)) then 'noteref generated editorial' else 'noteref generated'}"
      id="noteref-n{$n}" href="#note-n{$n}" role="doc-noteref" aria-label="Note {$n}">
      <sup>{$n}</sup>
    </a>
  </xsl:template>

  <!-- The element a stand-off note points to: rendered as always, then the note's call. -->
  <xsl:template match="*[@xml:id][exists(c:notes-placed-at(.))]" mode="h:html" priority="50">
    <xsl:param name="context" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:next-match/>
    <xsl:if test="$context eq 'text'">
      <xsl:for-each select="c:notes-placed-at(.)">
        <xsl:call-template name="h:note-call"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- $notes: h:numbered-notes (all of them, in document order). -->
  <xsl:template name="h:notes">
    <xsl:param name="notes" as="element()*"/>
    <xsl:if test="exists($notes)">
      <section class="notes" role="doc-endnotes" aria-labelledby="doc-notes-heading">
        <h2 id="doc-notes-heading" class="generated">Notes</h2>
        <ol class="notes-list">
          <xsl:for-each select="$notes">
            <!-- $notes are the numbered notes in document order (h:numbered-notes): the number is the position, as the accumulator counts it. -->
            <xsl:variable name="n" select="position()"/>
            <xsl:variable name="editorial" select="h:is-editorial-note(.)"/>
            <!-- (As for a paragraph, text.xsl: the functions only for children named in common/blocks.xsl's map.) -->
            <xsl:variable name="block" select="exists(*[not(self::note)][map:contains($c:block-kind, local-name())][c:is-block(.) or h:is-block-quote(.)])"/>
            <li id="note-n{$n}" class="{string-join(('note', 'editorial'[$editorial]), ' ')}" value="{$n}">
              <xsl:if test="$editorial">
                <!-- As h:generated writes it (a literal: one call less per note). -->
                <span class="generated note-label visually-hidden">Editorial note: </span>
              </xsl:if>
              <!-- (A numbered note is a TEI note: its class is h:class's "tei-note", written as a literal; no link is tunnelled to the notes list.) -->
              <!-- (Literal elements, not one with a computed name: SaxonJS checks a computed name at each note.) -->
              <xsl:choose>
                <xsl:when test="$block">
                  <div class="tei-note">
                    <xsl:call-template name="h:own-id"/>
                    <xsl:call-template name="h:data-attributes"/>
                    <xsl:apply-templates mode="h:html">
                      <xsl:with-param name="context" select="'note'" tunnel="yes"/>
                      <xsl:with-param name="inline" select="false()" tunnel="yes"/>
                    </xsl:apply-templates>
                  </div>
                </xsl:when>
                <xsl:otherwise>
                  <span class="tei-note">
                    <xsl:call-template name="h:own-id"/>
                    <xsl:call-template name="h:data-attributes"/>
                    <xsl:apply-templates mode="h:html">
                      <xsl:with-param name="context" select="'note'" tunnel="yes"/>
                      <xsl:with-param name="inline" select="true()" tunnel="yes"/>
                    </xsl:apply-templates>
                  </span>
                </xsl:otherwise>
              </xsl:choose>
              <xsl:text> </xsl:text>
              <a class="backlink generated" href="#noteref-n{$n}" role="doc-backlink" aria-label="Back to text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
