package org.isg.warehouse.generator;

import org.isg.warehouse.contracts.dataset.ColumnType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a delivered text value as its column type the way SPEC §2 describes, in plain Java: the
 * generator's own reading, written apart from the pipeline's Spark parsing so that the
 * acceptance test comparing the two is a real check. Timestamps become instants, dates stay dates.
 */
final class DeliveredValues
{
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static final Pattern LOCAL_TIMESTAMP = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$");
    private static final Pattern OFFSET_TIMESTAMP = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$");
    private static final Pattern DATE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    private static final Pattern INTEGER = Pattern.compile("^[+-]?[0-9]{1,9}$");
    private static final Pattern DECIMAL = Pattern.compile("^[+-]?[0-9]{1,16}(\\.[0-9]{1,2})?$");
    private static final DateTimeFormatter LOCAL_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private DeliveredValues() {}

    /** The typed value, or empty when the text is absent, blank or does not parse. */
    static Optional<Object> parse(ColumnType type, String text)
    {
        if (text == null || text.strip().isEmpty()) {
            return Optional.empty();
        }
        String value = text.strip();
        try {
            return switch (type) {
                case STRING, ENUM -> Optional.of(value);
                case TIMESTAMP -> {
                    if (LOCAL_TIMESTAMP.matcher(value).matches()) {
                        yield Optional.of(LocalDateTime.parse(value, LOCAL_FORMAT).atZone(CHINA).toInstant());
                    }
                    yield OFFSET_TIMESTAMP.matcher(value).matches() ? Optional.of(OffsetDateTime.parse(value).toInstant()) : Optional.empty();
                }
                case DATE -> DATE.matcher(value).matches() ? Optional.of(LocalDate.parse(value, DATE_FORMAT)) : Optional.empty();
                case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "是" -> Optional.of(true);
                    case "false", "0", "否" -> Optional.of(false);
                    default -> Optional.empty();
                };
                case INT -> INTEGER.matcher(value).matches() ? Optional.of(new BigDecimal(value)) : Optional.empty();
                case DECIMAL -> DECIMAL.matcher(value).matches() ? Optional.of(new BigDecimal(value)) : Optional.empty();
            };
        }
        catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** An instant, reading a date as its midnight in China. */
    static Instant instant(Object value)
    {
        return value instanceof LocalDate date ? date.atStartOfDay(CHINA).toInstant() : (Instant) value;
    }
}
