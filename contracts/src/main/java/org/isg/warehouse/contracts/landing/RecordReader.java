package org.isg.warehouse.contracts.landing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;
import static org.isg.warehouse.contracts.landing.RejectionReason.HEADER_MISMATCH;
import static org.isg.warehouse.contracts.landing.RejectionReason.UNREADABLE_FILE;

/**
 * Reads the records of one delivered file (CSV per RFC 4180, or JSON lines) into the column order
 * of a dataset contract, keeping the physical line each record starts on. UTF-8 with or without a
 * byte-order mark, GB18030, LF or CRLF, quoted commas, quotes and newlines. Blank lines between
 * records are not records. A line that cannot be split into the contract's columns becomes a
 * {@linkplain DeliveredRecord#parseError() malformed record}, never an exception; a file whose header
 * does not match the contract, or whose bytes are not in the declared encoding, is a delivery
 * problem.
 */
public final class RecordReader
        implements Closeable
{
    private static final JsonFactory JSON = new JsonFactory();

    private final String fileName;
    private final FileFormat format;
    private final List<String> columns;
    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final InputStream input;
    private final StrictDecoder decoder;
    // the line breaks read so far: bytes the encoding rejects are on the line after them
    private long lineBreaksRead;
    private int[] csvColumnPositions;
    // why the record being read breaks a limit, or null
    private String overLimit;
    private long physicalLine;
    private int pending = -2;
    // Characters are taken from this chunk, not one by one from a reader: BufferedReader.read() takes a lock per
    // character, which made a 1 GiB field cost about 45 s a pass
    private final char[] chunk = new char[8192];
    private int chunkPosition;
    private int chunkLimit;

    private RecordReader(String fileName, FileFormat format, InputStream input, Charset encoding, List<String> columns)
    {
        this.fileName = requireNonNull(fileName, "fileName is null");
        this.format = requireNonNull(format, "format is null");
        this.columns = List.copyOf(columns);
        for (int index = 0; index < columns.size(); index++) {
            columnIndex.put(columns.get(index), index);
        }
        this.input = requireNonNull(input, "input is null");
        this.decoder = new StrictDecoder(input, encoding);
    }

    /**
     * Opens a file and, for CSV, reads and checks its header.
     */
    public static RecordReader open(String fileName, FileFormat format, InputStream input, Charset encoding, List<String> columns)
            throws DeliveryRejectedException
    {
        RecordReader recordReader = new RecordReader(fileName, format, input, encoding, columns);
        recordReader.skipByteOrderMark();
        if (format == FileFormat.CSV) {
            recordReader.readHeader();
        }
        return recordReader;
    }

    /**
     * Counts the records of a file (the figure a manifest's {@code rows} declares).
     */
    public static long countRecords(String fileName, FileFormat format, InputStream input, Charset encoding, List<String> columns)
            throws DeliveryRejectedException
    {
        try (RecordReader recordReader = open(fileName, format, input, encoding, columns)) {
            long count = 0;
            while (recordReader.next().isPresent()) {
                count++;
            }
            return count;
        }
    }

    public Optional<DeliveredRecord> next()
            throws DeliveryRejectedException
    {
        try {
            return switch (format) {
                case CSV -> nextCsv();
                case JSONL -> nextJson();
            };
        }
        catch (CharacterCodingException e) {
            throw unreadable();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Iterates the remaining records; a delivery problem met while iterating is rethrown unchecked.
     */
    public Iterator<DeliveredRecord> iterator()
    {
        return new Iterator<>()
        {
            private Optional<DeliveredRecord> lookahead;

            @Override
            public boolean hasNext()
            {
                if (lookahead == null) {
                    try {
                        lookahead = RecordReader.this.next();
                    }
                    catch (DeliveryRejectedException e) {
                        throw new IllegalStateException(e.reason() + ": " + e.getMessage(), e);
                    }
                }
                return lookahead.isPresent();
            }

            @Override
            public DeliveredRecord next()
            {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                DeliveredRecord record = lookahead.get();
                lookahead = null;
                return record;
            }
        };
    }

    /** Bytes the declared encoding rejects, on the line they are on. */
    private DeliveryRejectedException unreadable()
    {
        return new DeliveryRejectedException(UNREADABLE_FILE, "%s line %d: bytes are not valid in the declared encoding".formatted(fileName, lineBreaksRead + 1));
    }

    @Override
    public void close()
    {
        try {
            input.close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void skipByteOrderMark()
            throws DeliveryRejectedException
    {
        try {
            int first = read();
            if (first != '\uFEFF' && first != -1) {
                unread(first);
            }
        }
        catch (CharacterCodingException e) {
            throw unreadable();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readHeader()
            throws DeliveryRejectedException
    {
        List<String> header;
        try {
            header = readCsvFields();
        }
        catch (CharacterCodingException e) {
            throw unreadable();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (header == null) {
            throw new DeliveryRejectedException(HEADER_MISMATCH, fileName + ": the file is empty (a CSV file starts with a header row)");
        }
        if (header.get(header.size() - 1) == null && header.size() == 1) {
            throw new DeliveryRejectedException(HEADER_MISMATCH, fileName + " line 1: the header row is empty");
        }
        csvColumnPositions = new int[header.size()];
        TreeSet<String> missing = new TreeSet<>(columns);
        List<Integer> unknown = new ArrayList<>();
        TreeSet<String> repeated = new TreeSet<>();
        for (int position = 0; position < header.size(); position++) {
            String name = header.get(position) == null ? "" : header.get(position).trim();
            Integer index = columnIndex.get(name);
            if (index == null) {
                unknown.add(position + 1);
            }
            else if (!missing.remove(name)) {
                repeated.add(name);
            }
            csvColumnPositions[position] = index == null ? -1 : index;
        }
        if (!missing.isEmpty() || !unknown.isEmpty() || !repeated.isEmpty()) {
            StringBuilder message = new StringBuilder(fileName).append(" line 1: header does not match schema version 1:");
            if (!missing.isEmpty()) {
                message.append(" missing ").append(missing);
            }
            if (!unknown.isEmpty()) {
                // a header the contract does not know is the base's text: named by position only
                message.append(" columns at positions ").append(unknown).append(" are not in the contract");
            }
            if (!repeated.isEmpty()) {
                message.append(" repeated ").append(repeated);
            }
            throw new DeliveryRejectedException(HEADER_MISMATCH, message.toString());
        }
    }

    private Optional<DeliveredRecord> nextCsv()
            throws IOException
    {
        while (true) {
            long startLine = physicalLine + 1;
            List<String> fields;
            try {
                fields = readCsvFields();
            }
            catch (UnterminatedQuoteException e) {
                return Optional.of(DeliveredRecord.malformed(startLine, columns.size(), "a quoted field is not closed before the end of the file"));
            }
            if (fields == null) {
                return Optional.empty();
            }
            // before the blank-line test: a line whose one field was too long to keep is not blank
            if (overLimit != null) {
                return Optional.of(DeliveredRecord.malformed(startLine, columns.size(), overLimit));
            }
            if (fields.size() == 1 && fields.get(0) == null) {
                continue; // blank line
            }
            if (fields.size() != csvColumnPositions.length) {
                return Optional.of(DeliveredRecord.malformed(startLine, columns.size(),
                        "expected %d fields, found %d".formatted(csvColumnPositions.length, fields.size())));
            }
            String[] values = new String[columns.size()];
            for (int position = 0; position < fields.size(); position++) {
                values[csvColumnPositions[position]] = fields.get(position);
            }
            return Optional.of(new DeliveredRecord(startLine, Arrays.asList(values), Optional.empty()));
        }
    }

    /**
     * Reads one CSV record (RFC 4180), or null at the end of input. Empty fields are null.
     */
    private List<String> readCsvFields()
            throws IOException
    {
        int character = read();
        if (character == -1) {
            return null;
        }
        physicalLine++;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        // over a limit, the rest of the record is read but not kept: memory stays bounded
        overLimit = null;
        int lineCharacters = 0;
        while (true) {
            if (character != -1 && ++lineCharacters > Limits.LINE_CHARACTERS && overLimit == null) {
                overLimit = "line %d is longer than %,d characters".formatted(physicalLine, Limits.LINE_CHARACTERS);
            }
            if (field.length() > Limits.FIELD_CHARACTERS && overLimit == null) {
                overLimit = "field %d is longer than %,d characters".formatted(fields.size() + 1, Limits.FIELD_CHARACTERS);
            }
            if (overLimit != null) {
                field.setLength(0);
            }
            if (quoted) {
                if (character == -1) {
                    throw new UnterminatedQuoteException();
                }
                if (character == '"') {
                    int following = read();
                    if (following == '"') {
                        field.append('"');
                    }
                    else {
                        quoted = false;
                        character = following;
                        continue;
                    }
                }
                else {
                    if (character == '\n') {
                        physicalLine++;
                        lineCharacters = 0;
                    }
                    field.append((char) character);
                }
            }
            else if (character == ',') {
                if (overLimit == null) {
                    fields.add(fieldValue(field));
                }
                field.setLength(0);
                wasQuoted = false;
            }
            else if (character == '\n' || character == -1) {
                break;
            }
            else if (character == '\r') {
                int following = read();
                if (following != '\n') {
                    unread(following);
                }
                break;
            }
            else if (character == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            }
            else {
                field.append((char) character);
            }
            // over a limit nothing more of the record is kept: pass what cannot end the field a chunk at a time
            character = overLimit == null ? read() : quoted ? readPastUnkept('"', '"', '"', '"') : readPastUnkept(',', '\n', '\r', '"');
        }
        fields.add(fieldValue(field));
        return fields;
    }

    private static String fieldValue(StringBuilder field)
    {
        return field.isEmpty() ? null : field.toString();
    }

    private Optional<DeliveredRecord> nextJson()
            throws IOException
    {
        while (true) {
            String line = boundedLine();
            if (line == null) {
                return Optional.empty();
            }
            physicalLine++;
            if (overLimit != null) {
                return Optional.of(DeliveredRecord.malformed(physicalLine, columns.size(), "line %d is longer than %,d characters".formatted(physicalLine, Limits.LINE_CHARACTERS)));
            }
            if (line.isBlank()) {
                continue;
            }
            String[] values = new String[columns.size()];
            String problem = jsonObject(line, values);
            if (problem != null) {
                return Optional.of(DeliveredRecord.malformed(physicalLine, columns.size(), problem));
            }
            return Optional.of(new DeliveredRecord(physicalLine, Arrays.asList(values), Optional.empty()));
        }
    }

    /**
     * Reads one JSON object into the contract's columns, each scalar as its exact text (a number as
     * written: {@code 12345678.5} stays {@code 12345678.5}, {@code 1e3} stays {@code 1e3} and is then
     * judged like the same text in a CSV file). Returns what is wrong with the line, naming fields by
     * their contract name or position, never by delivered text; null for a good line.
     */
    private String jsonObject(String line, String[] values)
            throws IOException
    {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return "not a JSON object";
            }
            boolean[] seen = new boolean[columns.size()];
            int position = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                position++;
                Integer index = columnIndex.get(parser.currentName());
                JsonToken value = parser.nextToken();
                if (index == null) {
                    return "field %d of the object is not a column of the contract".formatted(position);
                }
                if (seen[index]) {
                    // not the last value silently winning
                    return "field %s appears twice".formatted(columns.get(index));
                }
                seen[index] = true;
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    return "field %s holds an object or array".formatted(columns.get(index));
                }
                String text = value == JsonToken.VALUE_NULL ? null : parser.getText();
                if (text != null && text.length() > Limits.FIELD_CHARACTERS) {
                    return "field %s is longer than %,d characters".formatted(columns.get(index), Limits.FIELD_CHARACTERS);
                }
                values[index] = text == null || text.isEmpty() ? null : text;
            }
            if (parser.nextToken() != null) {
                return "text follows the JSON object";
            }
            return null;
        }
        catch (JsonProcessingException e) {
            return "not a valid JSON object";
        }
    }

    /**
     * The next line without its end, or null at the end of input; a line over the limit is read to
     * its end but not kept ({@link #overLimit} says so).
     */
    private String boundedLine()
            throws IOException
    {
        overLimit = null;
        StringBuilder line = new StringBuilder();
        int character = read();
        if (character == -1) {
            return null;
        }
        while (character != -1 && character != '\n') {
            if (overLimit == null) {
                if (line.length() >= Limits.LINE_CHARACTERS) {
                    overLimit = "line too long";
                    line.setLength(0);
                }
                else {
                    line.append((char) character);
                }
            }
            character = overLimit == null ? read() : readPastUnkept('\n', '\n', '\n', '\n');
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    private int read()
            throws IOException
    {
        if (pending != -2) {
            int character = pending;
            pending = -2;
            if (character == '\n') {
                lineBreaksRead++;
            }
            return character;
        }
        if (chunkPosition == chunkLimit && !refillChunk()) {
            return -1;
        }
        char character = chunk[chunkPosition++];
        if (character == '\n') {
            lineBreaksRead++;
        }
        return character;
    }

    /**
     * What {@link #read} returns after the characters that are none of the four stops, which are
     * passed straight in the chunk, one comparison each: over a limit nothing of them is kept, and a
     * 1 GiB field took about 6 s a pass character by character. A line break passed (only a quoted
     * field passes one) is counted as {@link #read} counts it, and as a line of the record.
     */
    private int readPastUnkept(char stop, char secondStop, char thirdStop, char fourthStop)
            throws IOException
    {
        while (pending == -2) {
            if (chunkPosition == chunkLimit && !refillChunk()) {
                return -1;
            }
            for (int position = chunkPosition; position < chunkLimit; position++) {
                char character = chunk[position];
                if (character == stop || character == secondStop || character == thirdStop || character == fourthStop) {
                    chunkPosition = position;
                    return read();
                }
                if (character == '\n') {
                    physicalLine++;
                    lineBreaksRead++;
                }
            }
            chunkPosition = chunkLimit;
        }
        return read();
    }

    /** Decodes the next characters into the chunk; false at the end of the input. */
    private boolean refillChunk()
            throws IOException
    {
        // A decoding error surfaces on the read after the characters decoded before it, so the line it names is right
        int count = decoder.read(chunk);
        if (count <= 0) {
            return false;
        }
        chunkPosition = 0;
        chunkLimit = count;
        return true;
    }

    private void unread(int character)
    {
        if (character == '\n') {
            lineBreaksRead--;
        }
        pending = character;
    }

    /**
     * Decodes bytes in their declared encoding, strictly, and reports bytes it rejects only once
     * every character before them has been read: so the reader knows the line they are on.
     * (InputStreamReader drops the characters it decoded in the same call as the error.)
     */
    private static final class StrictDecoder
    {
        private final InputStream input;
        private final CharsetDecoder decoder;
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        private boolean endOfInput;
        private boolean flushed;
        private CharacterCodingException deferred;

        StrictDecoder(InputStream input, Charset encoding)
        {
            this.input = input;
            this.decoder = encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            bytes.flip();
        }

        /** Characters into the target, their count, or -1 at the end of the input. */
        int read(char[] target)
                throws IOException
        {
            if (deferred != null) {
                throw deferred;
            }
            CharBuffer characters = CharBuffer.wrap(target);
            while (true) {
                CoderResult result = flushed ? CoderResult.UNDERFLOW : decoder.decode(bytes, characters, endOfInput);
                if (result.isError()) {
                    try {
                        result.throwException();
                    }
                    catch (CharacterCodingException e) {
                        if (characters.position() == 0) {
                            throw e;
                        }
                        deferred = e;
                        return characters.position();
                    }
                }
                if (result.isOverflow()) {
                    return characters.position();
                }
                if (endOfInput) {
                    if (!flushed && decoder.flush(characters).isOverflow()) {
                        return characters.position();
                    }
                    flushed = true;
                    return characters.position() > 0 ? characters.position() : -1;
                }
                if (characters.position() > 0 && bytes.hasRemaining()) {
                    // what is left is the start of a character that needs more bytes: hand over what is decoded first
                    return characters.position();
                }
                bytes.compact();
                int count = input.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                if (count < 0) {
                    endOfInput = true;
                }
                else {
                    bytes.position(bytes.position() + count);
                }
                bytes.flip();
            }
        }
    }

    private static final class UnterminatedQuoteException
            extends IOException
    {
        UnterminatedQuoteException()
        {
            super("unterminated quoted field");
        }
    }
}
