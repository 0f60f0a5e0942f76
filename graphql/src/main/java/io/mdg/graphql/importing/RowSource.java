package io.mdg.graphql.importing;

import java.io.IOException;

/** The rows of an import file, read one at a time as the request body streams in. */
interface RowSource {

    /** The next row, or null at the end of the file. */
    ParsedRow next() throws IOException;
}
