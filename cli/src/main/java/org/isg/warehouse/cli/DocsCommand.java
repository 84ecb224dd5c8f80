package org.isg.warehouse.cli;

import org.isg.warehouse.contracts.dataset.ContractsDocument;
import org.isg.warehouse.indicators.IndicatorHandbook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./isg docs}: regenerates the documents generated from the contracts and the catalogue. */
@Command(name = "docs", mixinStandardHelpOptions = true,
        description = "Regenerate the generated documents: docs/contracts.md from the dataset contracts, docs/indicator-handbook.md from the indicator catalogue.")
final class DocsCommand
        implements Callable<Integer>
{
    @Option(names = "--root", defaultValue = ".", description = "repository root (default: the current folder)")
    Path root;

    @Override
    public Integer call()
            throws Exception
    {
        System.out.println("wrote " + ContractsDocument.write(root));
        System.out.println("wrote " + IndicatorHandbook.write(root));
        return 0;
    }
}
