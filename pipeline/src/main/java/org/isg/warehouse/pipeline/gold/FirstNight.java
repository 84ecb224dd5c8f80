package org.isg.warehouse.pipeline.gold;

import org.isg.warehouse.pipeline.ops.DeliveryLedger;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The warehouse's first night: the earliest export date, up to the cut-off, of a delivery it
 * accepted (still accepted, or accepted and later superseded). A base whose {@code expected_from} is
 * "-" is expected from that night's month, for its M rows ({@link ExpectedPeriods}) and its
 * submission figures ({@link SubmissionQuality}) alike. A rejected delivery does not count: its
 * export date is the base's claim in a folder name the warehouse refused, and a refused folder
 * dated years back must not make every base missing for those years.
 */
final class FirstNight
{
    private FirstNight() {}

    static Optional<LocalDate> of(List<DeliveryLedger.Entry> deliveries, LocalDate cutoffDate)
    {
        return deliveries.stream()
                .filter(entry -> ExpectedPeriods.delivered(entry, cutoffDate))
                .map(DeliveryLedger.Entry::exportDate)
                .min(LocalDate::compareTo);
    }
}
