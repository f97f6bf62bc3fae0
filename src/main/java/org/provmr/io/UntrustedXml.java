package org.provmr.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop configuration XML from a file someone else can write (a recompute policy).
 *
 * <p>Plain Hadoop parsing resolves a DOCTYPE's external and parameter entities and follows
 * XInclude, so a crafted file can make the reader open any file it can read and echo its
 * content in an error message, or expand a few hundred bytes into gigabytes. A configuration
 * file needs none of that: any DOCTYPE, entity reference or XInclude is refused here before
 * Hadoop sees the bytes, and Hadoop then parses them in its restricted mode (no DTD, no
 * XInclude, no {@code ${env.*}} or system-property substitution) as a second line.
 *
 * <p>Messages give the line and column of what was refused, never the parser's own text,
 * which could quote content.
 */
public final class UntrustedXml {
  private static final String XINCLUDE_NS = "http://www.w3.org/2001/XInclude";

  private UntrustedXml() {
  }

  /** The configuration in {@code xml}, or an IOException saying what was refused and where. */
  public static Configuration parseConfiguration(byte[] xml, String name) throws IOException {
    scan(xml);
    Configuration c = new Configuration(false);
    c.addResource(new ByteArrayInputStream(xml), name, true);
    try {
      c.size(); // parse now, so errors surface here
    } catch (RuntimeException e) {
      throw new IOException("it is not valid Hadoop configuration XML", e);
    }
    return c;
  }

  private static void scan(byte[] xml) throws IOException {
    XMLStreamReader r = null;
    try {
      r = factory().createXMLStreamReader(new ByteArrayInputStream(xml));
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.DTD) {
          throw refused("a DOCTYPE declaration", r.getLocation());
        }
        if (event == XMLStreamConstants.ENTITY_REFERENCE) {
          throw refused("an entity reference", r.getLocation());
        }
        if (event == XMLStreamConstants.START_ELEMENT
            && (XINCLUDE_NS.equals(r.getNamespaceURI()) || r.getLocalName().equals("include"))) {
          throw refused("an XInclude element", r.getLocation());
        }
      }
    } catch (XMLStreamException e) {
      // The parser's own message can quote the document (or, had it expanded anything, what
      // an entity pointed at): report the position only.
      throw new IOException("it is not well-formed XML (at " + where(e.getLocation()) + ")");
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException e) {
          // nothing was opened but the byte array
        }
      }
    }
  }

  private static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setXMLResolver((publicId, systemId, base, ns) -> {
      throw new XMLStreamException("external resources are not read");
    });
    return f;
  }

  private static IOException refused(String what, Location at) {
    return new IOException("it contains " + what + " (at " + where(at) + "); configuration"
        + " files may not declare a DTD, use entities or include other files");
  }

  private static String where(Location at) {
    return at == null ? "an unknown position"
        : "line " + at.getLineNumber() + ", column " + at.getColumnNumber();
  }
}
