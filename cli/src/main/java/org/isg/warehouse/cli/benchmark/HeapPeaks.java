package org.isg.warehouse.cli.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of a phase of a benchmark: the largest heap occupancy seen just before a garbage
 * collection (the heap is fullest then), or now if higher. The heap pools' own peaks, summed, were
 * an upper bound that could exceed the maximum heap: the pools do not peak together.
 */
final class HeapPeaks
{
    private static final AtomicBoolean LISTENING = new AtomicBoolean();
    private static final AtomicLong PEAK = new AtomicLong();
    /** Per collector, the collections that ran before the phase began: their notifications belong to an earlier phase. */
    private static final Map<String, Long> COLLECTIONS_BEFORE_PHASE = new ConcurrentHashMap<>();
    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());

    private HeapPeaks() {}

    /** Starts a phase: collects the garbage of the last one, then counts from the heap in use now. */
    static void reset()
    {
        listen();
        System.gc();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            COLLECTIONS_BEFORE_PHASE.put(collector.getName(), collector.getCollectionCount());
        }
        PEAK.set(heapInUse());
    }

    static long peakBytes()
    {
        return Math.max(PEAK.get(), heapInUse());
    }

    private static long heapInUse()
    {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void listen()
    {
        if (!LISTENING.compareAndSet(false, true)) {
            return;
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                GarbageCollectionNotificationInfo collection = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                GcInfo info = collection.getGcInfo();
                // a collection's id is its number among its collector's collections, from 1
                if (info.getId() <= COLLECTIONS_BEFORE_PHASE.getOrDefault(collection.getGcName(), 0L)) {
                    return;
                }
                long before = 0;
                for (Map.Entry<String, MemoryUsage> pool : info.getMemoryUsageBeforeGc().entrySet()) {
                    if (HEAP_POOLS.contains(pool.getKey())) {
                        before += pool.getValue().getUsed();
                    }
                }
                PEAK.accumulateAndGet(before, Math::max);
            }, null, null);
        }
    }
}
