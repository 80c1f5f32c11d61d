<?xml version="1.0" encoding="UTF-8"?>
<!--
  The bibliography a document keeps in standOff (listBibl: the works it
  cites), for every output: it is not reading text, and it is not lost
  either. Each output sets it after the text as a section of its own, one
  entry per work (and per heading of a list), never as running text: the
  web edition as a list (xslt/html/bibliography.xsl), the print edition
  with ed-bibliography (edition.typ), the annotated text as a section.
  (A listBibl in back is part of the text: each bibl an entry of its own,
  see common/blocks.xsl.)
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:x-tei-edition:common"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!-- The entries in document order: each work (bibl, biblStruct, msDesc) and each heading of a list, outermost only. -->
  <xsl:function name="c:bibliography-entries" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="root($doc)//standOff//listBibl/(head | bibl | biblStruct | msDesc)
      [not(ancestor::bibl or ancestor::biblStruct or ancestor::msDesc)][normalize-space()]"/>
  </xsl:function>
</xsl:stylesheet>
