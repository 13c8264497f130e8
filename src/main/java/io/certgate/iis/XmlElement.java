package io.certgate.iis;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * An XML element with its attributes, children and the line it starts on: the DOM keeps no line
 * numbers, and a comment in the converted YAML should say where in applicationHost.config a
 * setting came from.
 */
record XmlElement(String name, Map<String, String> attributes, List<XmlElement> children, int line) {

    Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    Optional<XmlElement> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** The first element down a path of child names, e.g. {@code "security", "access"}. */
    Optional<XmlElement> path(String... names) {
        Optional<XmlElement> at = Optional.of(this);
        for (String n : names) {
            at = at.flatMap(e -> e.child(n));
        }
        return at;
    }

    /**
     * Parses a document. DOCTYPEs are refused: applicationHost.config has none, and refusing them
     * rules out external entities (XXE) and entity expansion bombs.
     */
    static XmlElement parse(InputStream in) throws IOException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        try {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setNamespaceAware(false);
            Builder builder = new Builder();
            factory.newSAXParser().parse(in, builder);
            return builder.root;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
        }
    }

    private static final class Builder extends DefaultHandler {
        private final Deque<Mutable> open = new ArrayDeque<>();
        private Locator locator;
        private XmlElement root;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                attrs.put(attributes.getQName(i), attributes.getValue(i));
            }
            open.push(new Mutable(qName, attrs, locator == null ? 0 : locator.getLineNumber()));
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            Mutable done = open.pop();
            XmlElement element = new XmlElement(done.name, Map.copyOf(done.attributes), List.copyOf(done.children),
                    done.line);
            if (open.isEmpty()) {
                root = element;
            } else {
                open.peek().children.add(element);
            }
        }
    }

    private record Mutable(String name, Map<String, String> attributes, List<XmlElement> children, int line) {
        Mutable(String name, Map<String, String> attributes, int line) {
            this(name, attributes, new ArrayList<>(), line);
        }
    }
}
