<?xml version="1.0" encoding="UTF-8"?>
<!--
  about.xsl: the editorial principles of the edition, for about.html,
  generated from the encodingDesc (project description, editorial
  declaration, classifications, variant encoding) and the witness list.
  Output: an HTML fragment (a <div>), assembled into the page by TypeScript.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:a="urn:tei-edition:about"
                xpath-default-namespace="http://www.tei-c.org/ns/1.0"
                exclude-result-prefixes="#all"
                expand-text="yes">

  <xsl:output method="html" html-version="5" indent="yes" omit-xml-declaration="yes"/>

  <xsl:variable name="headings" as="map(xs:string, xs:string)" select="map {
    'correction': 'Corrections', 'normalization': 'Normalisation', 'quotation': 'Quotation marks',
    'hyphenation': 'Hyphenation', 'segmentation': 'Segmentation', 'interpretation': 'Interpretation',
    'punctuation': 'Punctuation', 'stdVals': 'Standard values' }"/>

  <!-- With several letters the witnesses are each letter's own (its page lists them): the about page leaves them out. -->
  <xsl:param name="witnesses" as="xs:boolean" select="true()"/>

  <xsl:template match="/">
    <xsl:variable name="enc" select="/TEI/teiHeader/encodingDesc"/>
    <div class="about">
      <xsl:if test="$enc/projectDesc">
        <section aria-labelledby="about-project">
          <h2 id="about-project">The project</h2>
          <xsl:apply-templates select="$enc/projectDesc/p"/>
        </section>
      </xsl:if>
      <xsl:if test="$enc/editorialDecl">
        <section aria-labelledby="about-principles">
          <h2 id="about-principles">Editorial principles</h2>
          <xsl:apply-templates select="$enc/editorialDecl/p"/>
          <xsl:for-each select="$enc/editorialDecl/*[not(self::p)]">
            <h3 id="principle-{local-name()}">{($headings(local-name()), local-name())[1]}</h3>
            <xsl:apply-templates select="p"/>
          </xsl:for-each>
        </section>
      </xsl:if>
      <!-- Said only of a document that has an apparatus (a declaration alone is not one). -->
      <xsl:if test="$enc/variantEncoding and //text//app">
        <section aria-labelledby="about-apparatus">
          <h2 id="about-apparatus">The apparatus</h2>
          <p>Variants are encoded by {translate($enc/variantEncoding/@method, '-', ' ')} ({$enc/variantEncoding/@location}).
            The reading text gives the lemma; the readings of the other witnesses are listed under the text and can be shown in place.</p>
        </section>
      </xsl:if>
      <xsl:if test="$witnesses and /TEI/teiHeader/fileDesc/sourceDesc//witness">
        <section aria-labelledby="about-witnesses">
          <h2 id="about-witnesses">Witnesses</h2>
          <dl class="witnesses">
            <xsl:for-each select="/TEI/teiHeader/fileDesc/sourceDesc//witness">
              <dt><abbr class="siglum">{@xml:id}</abbr></dt>
              <dd>
                <xsl:apply-templates select="if (bibl) then bibl/node() else node()[not(self::note)]"/>
                <xsl:for-each select="tokenize(normalize-space(@ana), ' ')[starts-with(., '#')]">
                  <xsl:variable name="cat" select="key('id', substring(., 2), root($enc))"/>
                  <xsl:if test="$cat/catDesc"><br/><em><xsl:apply-templates select="$cat/catDesc[1]/node()"/></em></xsl:if>
                </xsl:for-each>
                <xsl:for-each select="note"><br/><xsl:apply-templates/></xsl:for-each>
              </dd>
            </xsl:for-each>
          </dl>
        </section>
      </xsl:if>
      <xsl:if test="$enc/classDecl">
        <section aria-labelledby="about-classes">
          <h2 id="about-classes">Classifications</h2>
          <xsl:for-each select="$enc/classDecl/taxonomy">
            <xsl:if test="desc"><p><xsl:apply-templates select="desc/node()"/></p></xsl:if>
            <ul>
              <xsl:for-each select=".//category">
                <!-- What the category says, its id (which @ana values point to) after it, without the pointer's "#". -->
                <li><xsl:apply-templates select="catDesc[1]/node()"/> (<code>{@xml:id}</code>)</li>
              </xsl:for-each>
            </ul>
          </xsl:for-each>
        </section>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:key name="id" match="*[@xml:id]" use="@xml:id"/>

  <xsl:template match="p"><p><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="gi"><code>&lt;{.}&gt;</code></xsl:template>
  <xsl:template match="att"><code>@{.}</code></xsl:template>
  <xsl:template match="title[@level = ('a', 'u')]">“<xsl:apply-templates/>”</xsl:template>
  <xsl:template match="title"><cite><xsl:apply-templates/></cite></xsl:template>
  <xsl:template match="hi[tokenize(@rend, '\s+') = 'italic'] | emph | foreign"><em><xsl:apply-templates/></em></xsl:template>
  <xsl:template match="ref[matches(@target, '^https?://')]"><a href="{@target}"><xsl:apply-templates/></a></xsl:template>
  <xsl:template match="note"/>
  <xsl:template match="*"><xsl:apply-templates/></xsl:template>
  <xsl:template match="text()"><xsl:value-of select="replace(., '\s+', ' ')"/></xsl:template>
</xsl:stylesheet>
