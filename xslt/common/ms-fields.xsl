<?xml version="1.0" encoding="UTF-8"?>
<!--
  A manuscript description as labelled fields, and the text of an element
  with its notes left out: the part of common/header.xsl that the print and
  text editions read (the source note, the sourceDesc). They include this
  module alone: SaxonJS prepares every component of a compiled stylesheet
  in every transform, called or not, and the rest of header.xsl (the
  correspondents, the title) is read there through the document model.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:x-tei-edition:common"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- Text of an element with white space normalised, notes left out. -->
  <xsl:function name="c:text" as="xs:string">
    <xsl:param name="e" as="node()?"/>
    <xsl:sequence select="normalize-space(string-join($e//text()[not(ancestor::note[. >> $e])], ''))"/>
  </xsl:function>

  <!--
    A manuscript description as labelled fields, in the order a reader looks
    for them (where it is, what it is, what it looks like, where it has been),
    each value the header's own words. The web, print and text editions show
    these as structured metadata rather than as one run of text.
  -->
  <xsl:function name="c:ms-fields" as="map(*)*">
    <xsl:param name="ms" as="element()"/>
    <xsl:variable name="id" select="$ms/msIdentifier"/>
    <xsl:sequence select="(
      c:field('Place', string-join(($id/country, $id/region, $id/settlement) ! c:text(.), ', ')),
      c:field('Repository', string-join(($id/institution, $id/repository) ! c:text-without(., ('idno', 'locus', 'altIdentifier')), ', ')),
      c:field('Collection', string-join($id/collection ! c:text(.), ', ')),
      c:field('Shelfmark', string-join(($id//idno[not(ancestor::altIdentifier)], $id//locus) ! c:text(.), ', ')),
      c:field('Other shelfmark', string-join($id/altIdentifier ! c:text(.), '; ')),
      c:field('Name', string-join($id/msName ! c:text(.), '; ')),
      c:field('Contents', string-join($ms/msContents/(summary, p, msItem, textLang) ! c:text(.), ' ')),
      c:field('Physical description', string-join($ms/physDesc/(p, objectDesc, handDesc, decoDesc, sealDesc, additions, bindingDesc) ! c:text(.), ' ')),
      c:field('History', string-join($ms/history/(summary, p, origin, provenance, acquisition) ! c:text(.), ' ')),
      c:field('Further information', string-join($ms/additional/(adminInfo, surrogates, listBibl) ! c:text(.), ' ')),
      c:field('Description', string-join($ms/p ! c:text(.), ' ')))"/>
  </xsl:function>

  <xsl:function name="c:field" as="map(*)?">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <xsl:variable name="v" select="replace(normalize-space($value), '^[,;:\s]+|[,;:\s]+$', '')"/>
    <xsl:sequence select="if ($v) then map { 'label': $label, 'value': $v } else ()"/>
  </xsl:function>

  <!-- Text of an element without the text of some of its children (a repository that also holds its shelfmark). -->
  <xsl:function name="c:text-without" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="left-out" as="xs:string*"/>
    <xsl:sequence select="normalize-space(string-join($e//text()[not(ancestor::*[local-name() = $left-out][. >> $e])][not(ancestor::note)], ''))"/>
  </xsl:function>

</xsl:stylesheet>
