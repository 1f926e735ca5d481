package org.smartbox.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Optional;

/**
 * Jackson set up for untrusted input, and its failures turned into rejections. Messages are our own,
 * never Jackson's: those quote the offending token, which could be an unquoted secret.
 */
final class JsonInput {

    /** Sync documents nest five levels; the rest of the budget is for forward-compatible extras. */
    static final int MAX_DEPTH = 64;
    /** Longest string a known field may hold; unknown fields are skipped without being read. */
    static final int MAX_STRING_CHARS = 65_536;
    static final int MAX_NAME_CHARS = 1_024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // The caller owns the stream it hands us.
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            // CANONICALIZE_FIELD_NAMES stays on: without it Jackson decodes through a Reader that
            // silently replaces invalid UTF-8 instead of rejecting it.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNameLength(MAX_NAME_CHARS)
                    .build())
            .build();

    private JsonInput() {
    }

    /** Input that breaks a rule before any JSON is parsed: too large, or not UTF-8. */
    static final class Refused extends IOException {
        private final transient SyncRejection rejection;

        Refused(String problem) {
            super(problem, null);
            this.rejection = new SyncRejection("", problem);
        }

        SyncRejection rejection() {
            return rejection;
        }
    }

    /** A parser over at most {@code maxBytes} of UTF-8; more bytes fail with {@link Refused}. */
    static JsonParser open(InputStream in, long maxBytes) throws IOException {
        PushbackInputStream start = new PushbackInputStream(new Limited(in, maxBytes), 4);
        byte[] head = new byte[4];
        int n = 0;
        while (n < head.length) {
            int read = start.read(head, n, head.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        // Jackson would also detect UTF-16 and UTF-32, which the format does not allow. Their
        // signs are a byte order mark or a zero byte among the first four, never seen in UTF-8 JSON.
        boolean utf16Bom = n >= 2 && ((head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff
                || (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe);
        for (int i = 0; i < n; i++) {
            if (head[i] == 0 || utf16Bom) {
                throw new Refused("not valid JSON: the document must be UTF-8 text");
            }
        }
        start.unread(head, 0, n);
        return FACTORY.createParser(start);
    }

    /** Moves to the root object's start; a problem when the input is empty or not an object. */
    static Optional<SyncRejection> startRoot(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            return Optional.of(new SyncRejection("", "not valid JSON: the document is empty"));
        }
        if (first != JsonToken.START_OBJECT) {
            return Optional.of(new SyncRejection("", "must be a JSON object"));
        }
        return Optional.empty();
    }

    /** After the root object's end: a problem when anything but white space follows. */
    static Optional<SyncRejection> endRoot(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            return Optional.of(new SyncRejection("", "not valid JSON: more content after the document"
                    + where(p.currentTokenLocation())));
        }
        return Optional.empty();
    }

    /**
     * The current scalar as a node. A container is skipped unread and stands in as an empty one, so
     * the field's type check fails without a big value ever being built in memory.
     */
    static JsonNode scalar(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT:
                p.skipChildren();
                return NODES.objectNode();
            case START_ARRAY:
                p.skipChildren();
                return NODES.arrayNode();
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                // Only "is it an integer?" matters; the value itself is never used.
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IllegalStateException("not at a value: " + token);
        }
    }

    /** What Jackson refused, in our words, with a path where one helps. */
    static SyncRejection describe(JsonProcessingException e, JsonParser p) {
        String at = where(e.getLocation());
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonEOFException) {
            return new SyncRejection("", "not valid JSON: unexpected end of input" + at);
        }
        if (e instanceof StreamConstraintsException) {
            if (message.startsWith("String value length")) {
                return new SyncRejection(path(p.getParsingContext()),
                        "is longer than " + MAX_STRING_CHARS + " characters");
            }
            if (message.startsWith("Document nesting depth")) {
                return new SyncRejection("", "not valid JSON: nested more than " + MAX_DEPTH + " levels deep" + at);
            }
            if (message.startsWith("Number value length")) {
                return new SyncRejection("", "not valid JSON: a number is too long" + at);
            }
            if (message.startsWith("Name length")) {
                return new SyncRejection("", "not valid JSON: a field name is longer than "
                        + MAX_NAME_CHARS + " characters" + at);
            }
            return new SyncRejection("", "not valid JSON: exceeds a parser limit" + at);
        }
        if (message.startsWith("Duplicate field")) {
            // The context already holds the repeated name, so its path ends in it.
            return new SyncRejection(path(p.getParsingContext()), "duplicate field" + at);
        }
        if (message.contains("UTF-8") || message.contains("UTF8")) {
            return new SyncRejection("", "not valid JSON: invalid UTF-8" + at);
        }
        return new SyncRejection("", "not valid JSON: unexpected character" + at);
    }

    static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** {@code users[2].mobile} for the parser's current place. */
    static String path(JsonStreamContext context) {
        StringBuilder sb = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String step;
            if (c.inArray()) {
                step = "[" + c.getCurrentIndex() + "]";
            } else {
                String name = c.getCurrentName();
                if (name == null) {
                    continue;
                }
                step = (c.getParent() != null && c.getParent().inRoot() ? "" : ".") + name;
            }
            sb.insert(0, step);
        }
        return sb.toString();
    }

    /** Counts bytes and refuses to go past the limit, so a huge document is never read whole. */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws Refused {
            count += n;
            if (count > max) {
                throw new Refused("the document is larger than " + max + " bytes");
            }
        }
    }
}
