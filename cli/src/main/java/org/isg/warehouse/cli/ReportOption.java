package org.isg.warehouse.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where a benchmark appends its figures. */
final class ReportOption
{
    @Option(names = "--report", defaultValue = "docs/benchmarks.md", description = "report to append to (default: ${DEFAULT-VALUE})")
    Path report;
}
