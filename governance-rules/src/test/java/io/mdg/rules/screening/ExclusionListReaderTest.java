package io.mdg.rules.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import io.mdg.api.screening.ExclusionEntry;
import io.mdg.api.screening.ExclusionListFormat;

class ExclusionListReaderTest {

    static final String LEIE_HEADER = "LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,"
            + "STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE\n";
    static final String SAM_HEADER = "\"Classification\",\"Name\",\"Prefix\",\"First\",\"Middle\",\"Last\",\"Suffix\","
            + "\"Address 1\",\"Address 2\",\"Address 3\",\"Address 4\",\"City\",\"State / Province\",\"Country\","
            + "\"Zip Code\",\"Open Data Flag\",\"Unique Entity ID\",\"Exclusion Program\",\"Excluding Agency\","
            + "\"CT Code\",\"Exclusion Type\",\"Additional Comments\",\"Active Date\",\"Termination Date\","
            + "\"Record Status\",\"Cross-Reference\",\"SAM Number\",\"CAGE\",\"NPI\",\"Creation_Date\"\n";

    @Test
    void readsTheOigLeieLayoutWithEntitiesPersonsAndReinstatements() {
        String file = "\uFEFF" + LEIE_HEADER
                + ",,,\"ACME MEDICAL SUPPLY, INC\",OTHER BUSINESS,MEDICAL SUPPLY CO,,0000000000,,\"12 MAIN ST\","
                + "ATLANTA,GA,30301,1128b7,20200115,00000000,,\n"
                + "\n"
                + "DOE,JOHN,Q,,INDIVIDUAL,NURSE,,1234567893,19700101,5 ELM RD,BOSTON,MA,02110,1128a1,20190301,"
                + "20210601,,\n";
        ExclusionListReader.ExclusionList list = ExclusionListReader.read(new StringReader(file));
        assertThat(list.format()).isEqualTo(ExclusionListFormat.LEIE);
        assertThat(list.entries()).hasSize(2);
        ExclusionEntry acme = list.entries().get(0);
        assertThat(acme.name()).isEqualTo("ACME MEDICAL SUPPLY, INC");
        assertThat(acme.individual()).isFalse();
        assertThat(acme.npi()).isNull();
        assertThat(acme.zip()).isEqualTo("30301");
        assertThat(acme.excludedOn()).isEqualTo(LocalDate.of(2020, 1, 15));
        assertThat(acme.reinstatedOn()).isNull();
        assertThat(acme.line()).isEqualTo(2);
        ExclusionEntry doe = list.entries().get(1);
        assertThat(doe.name()).isEqualTo("DOE, JOHN Q");
        assertThat(doe.individual()).isTrue();
        assertThat(doe.line()).isEqualTo(4);
        assertThat(doe.inForceOn(LocalDate.of(2026, 12, 1))).isFalse();
        assertThat(acme.inForceOn(LocalDate.of(2026, 12, 1))).isTrue();
    }

    @Test
    void readsTheSamExtractLayout() {
        String file = SAM_HEADER
                + "\"Firm\",\"Acme Medical Supply LLC\",\"\",\"\",\"\",\"\",\"\",\"12 Main Street\",\"Suite 4\",\"\",\"\","
                + "\"Atlanta\",\"GA\",\"USA\",\"30301-1234\",\"Y\",\"ABCDEFGH1234\",\"Reciprocal\",\"HHS\",\"\","
                + "\"Ineligible (Proceedings Completed)\",\"\",\"01/15/2020\",\"Indefinite\",\"Active\",\"\",\"S4MR\","
                + "\"\",\"\",\"01/16/2020\"\n"
                + "\"Individual\",\"\",\"\",\"Jane\",\"\",\"Roe\",\"\",\"\",\"\",\"\",\"\",\"Dallas\",\"TX\",\"USA\","
                + "\"75201\",\"Y\",\"\",\"Reciprocal\",\"OPM\",\"\",\"Prohibition/Restriction\",\"\",\"3/2/2018\","
                + "\"3/2/2023\",\"Active\",\"\",\"S4MR2\",\"\",\"\",\"3/2/2018\"\n";
        ExclusionListReader.ExclusionList list = ExclusionListReader.read(new StringReader(file));
        assertThat(list.format()).isEqualTo(ExclusionListFormat.SAM);
        ExclusionEntry acme = list.entries().get(0);
        assertThat(acme.name()).isEqualTo("Acme Medical Supply LLC");
        assertThat(acme.street()).isEqualTo("12 Main Street, Suite 4");
        assertThat(acme.entryKey()).startsWith("SAM:UEI:ABCDEFGH1234");
        assertThat(acme.reinstatedOn()).isNull();
        assertThat(acme.exclusionType()).isEqualTo("Ineligible (Proceedings Completed) (Reciprocal)");
        ExclusionEntry roe = list.entries().get(1);
        assertThat(roe.name()).isEqualTo("Roe, Jane");
        assertThat(roe.individual()).isTrue();
        assertThat(roe.reinstatedOn()).isEqualTo(LocalDate.of(2023, 3, 2));
    }

    @Test
    void readsAListAsLargeAsTheFullLeieAndReportsALateBadRowByItsLine() {
        StringBuilder file = new StringBuilder(LEIE_HEADER);
        for (int i = 0; i < 80_000; i++) {
            file.append("PERSON").append(i).append(",NAME,,,INDIVIDUAL,NURSE,,,19700101,\"").append(i)
                    .append(" ELM RD\",BOSTON,MA,02110,1128a1,20190301,,,\n");
        }
        ExclusionListReader.ExclusionList list = ExclusionListReader.read(new StringReader(file.toString()));
        assertThat(list.entries()).hasSize(80_000);
        assertThat(list.entries().get(79_999).line()).isEqualTo(80_001);
        file.append(",,,LATE,,,,,,1 A ST,BOSTON,MA,02110,1128a1,20190332,,,\n");
        assertThatThrownBy(() -> ExclusionListReader.read(new StringReader(file.toString())))
                .hasMessage("line 80002, column EXCLDATE (15): '20190332' is not a date yyyyMMdd");
    }

    @Test
    void refusesAFileInNeitherLayout() {
        assertThatThrownBy(() -> ExclusionListReader.read(new StringReader("name,taxId\nAcme,123\n")))
                .isInstanceOf(ExclusionListException.class)
                .hasMessageStartingWith("line 1: the header is in neither known layout");
        assertThatThrownBy(() -> ExclusionListReader.read(new StringReader("")))
                .hasMessageContaining("the file is empty");
    }

    @Test
    void refusesAnUnreadableDateNamingLineAndColumn() {
        String file = LEIE_HEADER + ",,,ACME,,,,,,1 A ST,ATLANTA,GA,30301,1128b7,20200115,,,\n"
                + ",,,BETA,,,,,,1 B ST,ATLANTA,GA,30301,1128b7,2020-01-15,,,\n";
        assertThatThrownBy(() -> ExclusionListReader.read(new StringReader(file)))
                .isInstanceOf(ExclusionListException.class)
                .hasMessage("line 3, column EXCLDATE (15): '2020-01-15' is not a date yyyyMMdd");
    }

    @Test
    void refusesARowWithAnotherNumberOfCellsAndAQuoteLeftOpen() {
        assertThatThrownBy(() -> ExclusionListReader.read(new StringReader(LEIE_HEADER + ",,,ACME,,\n")))
                .hasMessage("line 2: the row has 6 cells, the header 18 (LEIE layout)");
        assertThatThrownBy(() -> ExclusionListReader.read(new StringReader(LEIE_HEADER
                + ",,,ACME,,,,,,1 A ST,ATLANTA,GA,30301,1128b7,20200115,,,\n,,,\"BETA,,,,,,1 B ST\n")))
                .isInstanceOf(ExclusionListException.class)
                .hasMessageStartingWith("line 3: malformed CSV");
    }

    @Test
    void refusesARowThatNamesNoOne() {
        assertThatThrownBy(() -> ExclusionListReader.read(new StringReader(LEIE_HEADER
                + ",,,,,,,,,1 A ST,ATLANTA,GA,30301,1128b7,20200115,,,\n")))
                .hasMessageStartingWith("line 2, column BUSNAME (4): the row names no one");
    }
}
