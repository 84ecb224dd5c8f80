package org.isg.warehouse.pipeline;

import org.isg.warehouse.contracts.errors.IsgException;
import org.isg.warehouse.contracts.errors.StandardErrorCode;

/**
 * Named points inside a stage where a test can make the process stop dead (it is then killed with
 * SIGKILL) to prove that a crash anywhere leaves the tables consistent and that the next run
 * finishes the work. Set {@code ISG_FAULT_PAUSE_AT} to a point's name; unset in production.
 */
public final class FaultInjection
{
    public static final String ENVIRONMENT_VARIABLE = "ISG_FAULT_PAUSE_AT";
    public static final String MARKER = "ISG-FAULT-PAUSED-AT ";

    private FaultInjection() {}

    public static void point(String name)
    {
        if (name.equals(System.getenv(ENVIRONMENT_VARIABLE))) {
            System.out.println(MARKER + name);
            System.out.flush();
            try {
                Thread.sleep(600_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IsgException(StandardErrorCode.FAULT_INJECTED, "fault injection point " + name + " was not killed in time");
        }
    }
}
