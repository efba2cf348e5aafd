//! Every message of the catalogue is said in both languages: its Chinese is not empty, and its
//! English holds no Chinese character but in what the user wrote (quoted here in ASCII) and the
//! formats' document numbers, which are names.

use super::*;
use crate::catalog::{parse_basis, table_spec, ColSpec, ValueKind, T3_COLUMNS, T4_COLUMNS};
use crate::model::RunRead;
use crate::text::decode::DecodeError;

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Asserts what a message says in either language.
fn said(zh: String, en: String) {
    assert!(
        !zh.trim().is_empty(),
        "an empty Chinese message; English: {en}"
    );
    let mut bare = en.clone();
    for f in Format::ALL {
        bare = bare.replace(f.document(), "");
    }
    assert!(
        !bare.chars().any(is_han),
        "Chinese in the English message: {en}"
    );
    assert!(
        !en.trim().is_empty(),
        "an empty English message; Chinese: {zh}"
    );
}

fn msg(m: Msg) {
    said(m.render(Lang::Zh), m.render(Lang::En));
}

fn figures() -> Vec<TableFigure> {
    let mut all = vec![
        TableFigure::T4Totals { groups: vec![0] },
        TableFigure::T4Totals { groups: vec![1, 2] },
    ];
    for format in Format::ALL {
        for row in table_spec(TableKind::T3, format).rows {
            all.push(TableFigure::T3Total {
                format,
                row: row.key,
            });
            all.push(TableFigure::T3Applicants {
                format,
                row: row.key,
            });
            all.push(TableFigure::T3Group {
                format,
                row: row.key,
            });
        }
        for rows in [["granted", "partly_granted"], ["new", "carried_in"]] {
            all.push(TableFigure::T3Totals { format, rows });
        }
        for (_, row) in table_spec(TableKind::T2, format).data_rows() {
            for col in 0..row.columns().len() {
                all.push(TableFigure::T2Cell {
                    format,
                    row: row.key,
                    col,
                });
            }
        }
    }
    all
}

const RESTATED: [Restates; 14] = [
    Restates::Review,
    Restates::Litigation,
    Restates::NormativeDocuments,
    Restates::CarriedIn,
    Restates::CarriedOut,
    Restates::GrantedAndPartly,
    Restates::PartlyGranted,
    Restates::Granted,
    Restates::Refused,
    Restates::Unable,
    Restates::NotHandled,
    Restates::Other,
    Restates::Received {
        with_carried_in: true,
    },
    Restates::Received {
        with_carried_in: false,
    },
];

#[test]
fn narrative_messages_name_the_table_figures_in_either_language() {
    for table in figures() {
        for what in RESTATED {
            msg(Msg::NarrativeMismatch {
                what,
                written: "6".into(),
                table: table.clone(),
                expected: "5".into(),
            });
        }
        for value in [0, 3] {
            msg(Msg::NarrativeNoRequests {
                table: table.clone(),
                value,
            });
        }
        msg(Msg::NarrativeAllDone {
            claim: "all done".into(),
            table: table.clone(),
            value: 3,
        });
        let (zh, en) = Msg::figure_note(&table, 3);
        said(zh, en);
    }
    for base in [
        PercentBase::New,
        PercentBase::NewAndCarried,
        PercentBase::Total,
    ] {
        msg(Msg::NarrativePercent {
            written: "50".into(),
            expected: "40".into(),
            base,
        });
    }
}

#[test]
fn a_figure_of_the_text_names_the_catalog_row_it_restates() {
    let t = TableFigure::T3Total {
        format: Format::F2021,
        row: "granted",
    };
    assert_eq!(t.render(Lang::Zh), "表三“（一）予以公开·总计”");
    assert_eq!(t.render(Lang::En), "the total of table 3 “disclosed”");
    let t = TableFigure::T4Totals { groups: vec![1, 2] };
    assert_eq!(
        t.render(Lang::Zh),
        "表四“未经复议直接起诉·总计”与“复议后起诉·总计”之和"
    );
    assert_eq!(
        t.render(Lang::En),
        "the totals of table 4 “lawsuits without prior reconsideration” and \
         “lawsuits after reconsideration” added up"
    );
}

#[test]
fn statement_and_year_messages_are_said_in_either_language() {
    let topics = vec![
        OverviewTopic::Proactive,
        OverviewTopic::OnRequest,
        OverviewTopic::Management,
        OverviewTopic::Platforms,
        OverviewTopic::Oversight,
        OverviewTopic::OversightResults,
    ];
    msg(Msg::ThinOverview { missing: topics });
    msg(Msg::ThinProblems { chars: 2 });
    msg(Msg::FeeStatementMissing);
    msg(Msg::FeeStatementRequired { value: 1 });
    msg(Msg::ImplausibleRegulations {
        agency: "Town".into(),
        value: 1,
    });
    msg(Msg::MalformedDate {
        written: "2021-13".into(),
    });
    msg(Msg::CitationOldFormat {
        written: "x".into(),
        year: 2022,
    });
    for what in [StatedYear::Period, StatedYear::Overview] {
        msg(Msg::YearMismatch {
            what,
            written: 2020,
            title: 2021,
        });
    }
    for id in 1..=6 {
        msg(Msg::CopiedText {
            section: SectionId(id),
            percent: 80,
            file: "a.txt".into(),
        });
    }
    msg(Msg::RollForward {
        cell: "c".into(),
        expected: 22,
        actual: 25,
        before: 20,
        issued: 3,
        repealed: 1,
        file: "a.txt".into(),
    });
    msg(Msg::CarryOver {
        cell: "c".into(),
        expected: 1,
        actual: 3,
        file: "a.txt".into(),
    });
}

#[test]
fn table_messages_name_tables_and_sums_in_either_language() {
    for table in TableKind::ALL {
        msg(Msg::TableUnreadable {
            table,
            rows: 25,
            bad: 25,
        });
        msg(Msg::EmptyTable { table });
        msg(Msg::BlankCells {
            table,
            count: 12,
            dashes: 1,
            computed: 2,
        });
        for format in Format::ALL {
            let convert = ActionKind::Convert { table, format };
            said(convert.title(Lang::Zh), convert.title(Lang::En));
        }
    }
    let all = ActionKind::FixAllTotals;
    said(all.title(Lang::Zh), all.title(Lang::En));
    let kinds = [
        SumKind::RowTotal,
        SumKind::OutcomeTotal,
        SumKind::Balance,
        SumKind::ReviewTotal,
    ];
    for kind in kinds {
        msg(Msg::Sum {
            kind,
            cell: "c".into(),
            expected: 2,
            actual: 3,
            detail: "1 + 1 ≠ 2 + 1".into(),
        });
        for total in [true, false] {
            msg(Msg::Repair {
                cell: "c".into(),
                expected: 2,
                actual: 3,
                broken: vec![(kind, total)],
                with: vec![],
                by_text: true,
            });
        }
    }
}

#[test]
fn front_end_lines_are_said_in_either_language() {
    let why = [
        Unreadable::NotFound,
        Unreadable::PermissionDenied,
        Unreadable::Io("os error".into()),
        Unreadable::IsSpecial,
        Unreadable::SymlinkLoop,
        Unreadable::TooLarge {
            bytes: 12,
            limit: 5,
        },
        Unreadable::Unsupported(UnreadFormat::OldOffice),
        Unreadable::Unsupported(UnreadFormat::OtherOffice),
        Unreadable::Unsupported(UnreadFormat::OpenDocument),
        Unreadable::Unsupported(UnreadFormat::Rtf),
        Unreadable::Unsupported(UnreadFormat::Zip),
        Unreadable::Encrypted,
        Unreadable::NoTextLayer,
        Unreadable::InflatesTooFar { limit_mb: 200 },
        Unreadable::Corrupt("bad zip".into()),
        Unreadable::Undecodable(DecodeError::Utf8AfterBom { at: 3 }),
        Unreadable::Undecodable(DecodeError::Binary { utf8_at: 8 }),
        Unreadable::Undecodable(DecodeError::Neither {
            utf8_at: 3,
            gb18030_at: Some(4),
        }),
        Unreadable::Undecodable(DecodeError::Neither {
            utf8_at: 3,
            gb18030_at: None,
        }),
        Unreadable::Undecodable(DecodeError::Utf16OddLength { name: "UTF-16LE" }),
        Unreadable::Undecodable(DecodeError::Utf16Surrogate {
            name: "UTF-16BE",
            at: 4,
        }),
        Unreadable::Undecodable(DecodeError::Utf16Invalid { name: "UTF-16LE" }),
    ];
    let mut lines: Vec<Ui> = why
        .into_iter()
        .map(|why| Ui::CannotRead {
            path: "a/b.txt".into(),
            why,
        })
        .collect();
    let tally = Tally {
        errors: 1,
        warnings: 2,
        infos: 3,
        not_reports: 1,
        unreadable: 1,
    };
    lines.extend([
        Ui::EmptyFile,
        Ui::NoText,
        Ui::NotAReport,
        Ui::InFlattenedFile { line: 3, col: 4 },
        Ui::InDocument {
            place: "p".into(),
            kind: "docx",
        },
        Ui::FixNote { title: "t".into() },
        Ui::Related {
            shown: vec!["a".into(), "b".into()],
            total: 2,
        },
        Ui::Related {
            shown: vec!["a".into(), "b".into()],
            total: 9,
        },
        Ui::CheckSummary { files: 3, tally },
        Ui::NotCheckedHeading,
        Ui::NotChecked {
            path: "a.txt".into(),
            why: "empty".into(),
        },
        Ui::Change {
            place: "a.txt:1:2".into(),
            old: "3".into(),
            new: "2".into(),
        },
        Ui::Change {
            place: "a.txt:1:2".into(),
            old: String::new(),
            new: "2".into(),
        },
        Ui::ByHand {
            path: "a.docx".into(),
            kind: "docx",
        },
        Ui::ServerFailed { error: "e".into() },
        Ui::SettingsIgnored {
            names: vec!["lang".into()],
        },
    ]);
    for dry_run in [false, true] {
        lines.push(Ui::Fixed {
            path: "a.txt".into(),
            count: 2,
            dry_run,
        });
        lines.push(Ui::FixSummary {
            files: 3,
            changed: 1,
            edits: 2,
            by_hand: 1,
            dry_run,
            tally,
        });
    }
    for line in lines {
        said(line.render(Lang::Zh), line.render(Lang::En));
    }
    let places = [
        DocPlace::Paragraph { index: 12 },
        DocPlace::Cell {
            table: 3,
            row: 14,
            column: 7,
        },
        DocPlace::Line { page: 2, line: 5 },
        DocPlace::ReportCell {
            table: TableKind::T3,
            row: 14,
            column: 7,
        },
        DocPlace::InReportTable {
            table: TableKind::T4,
            at: "page 2, line 5".into(),
        },
    ];
    for p in places {
        said(p.render(Lang::Zh), p.render(Lang::En));
    }
    let p = DocPlace::ReportCell {
        table: TableKind::T3,
        row: 14,
        column: 7,
    };
    assert_eq!(p.render(Lang::Zh), "表三 第14行第7列");
}

#[test]
fn hover_texts_are_said_in_either_language() {
    let gloss = |g: Gloss| said(g.render(Lang::Zh), g.render(Lang::En));
    let cols: &'static [ColSpec] = &T3_COLUMNS;
    for kind in TableKind::ALL {
        gloss(Gloss::TableTitle(kind));
        gloss(Gloss::HeaderOf(kind));
        for format in [None, Some(Format::F2019), Some(Format::F2021)] {
            gloss(Gloss::SectionTable {
                table: kind,
                format,
            });
        }
    }
    for f in Format::ALL {
        gloss(Gloss::FormatName(f));
        gloss(Gloss::OnlyIn(f));
        for kind in TableKind::ALL {
            for row in table_spec(kind, f).rows {
                gloss(Gloss::RowColumns {
                    cols: row.columns(),
                });
                if !row.basis.is_empty() {
                    gloss(Gloss::LegalBasis {
                        basis: row.basis,
                        article: parse_basis(row.basis),
                    });
                }
                if let crate::catalog::RowKind::Block(cols) = row.kind {
                    gloss(Gloss::BlockTitle { cols });
                    for c in cols {
                        gloss(Gloss::T2Column(c));
                    }
                }
            }
        }
    }
    for w in [
        Wording::Longer,
        Wording::Differs,
        Wording::Reworded,
        Wording::Numbering,
    ] {
        gloss(Gloss::HeadingWrittenAs {
            written: "x".into(),
            why: w,
        });
    }
    for c in cols {
        gloss(Gloss::T3Column(c));
    }
    for c in &T4_COLUMNS {
        gloss(Gloss::T4Column(c));
        gloss(Gloss::T4ColumnHeader(c));
    }
    for &(key, label, en) in &crate::catalog::T4_GROUPS {
        gloss(Gloss::T4GroupHeader { key, label, en });
    }
    for k in [ValueKind::Count, ValueKind::SignedCount, ValueKind::Amount] {
        gloss(Gloss::ValueKind(k));
    }
    let row = ("一", "new requests this year");
    for g in [
        Gloss::Excerpt,
        Gloss::Article50Asks,
        Gloss::NotInArticle50,
        Gloss::Format2021Asks,
        Gloss::OutcomesGroup,
        Gloss::T4Row,
        Gloss::T3New,
        Gloss::T3CarriedIn,
        Gloss::T3Total,
        Gloss::T3CarriedOut {
            new: "一",
            carried_in: "二",
            total: "（七）总计",
            carried_out: "四",
        },
        Gloss::T3OtherOutcome { group: row, row },
        Gloss::T3Reason { group: row, row },
        Gloss::RowWrittenAs {
            written: "x".into(),
        },
        Gloss::Blank,
        Gloss::Dash {
            written: "/".into(),
        },
        Gloss::NotANumber {
            written: "x".into(),
        },
        Gloss::CountedIn,
        Gloss::BothFormats,
        Gloss::LastYear {
            year: "2021".into(),
            file: "a.txt".into(),
            value: Some("3".into()),
        },
        Gloss::Relation(RelationWords::RowTotal),
        Gloss::Relation(RelationWords::ReviewTotal),
        Gloss::Relation(RelationWords::OutcomeTotal {
            total: ("（七）总计", "total of the outcomes"),
        }),
        Gloss::Relation(RelationWords::Balance {
            new: row,
            carried_in: row,
            total: row,
            carried_out: row,
            for_total: true,
        }),
        Gloss::Verdict {
            holds: false,
            actual: 3,
            expected: 2,
        },
    ] {
        gloss(g);
    }
}

#[test]
fn run_together_reads_are_said_in_either_language() {
    for read in [RunRead::Only, RunRead::ByRow, RunRead::ByTable] {
        msg(Msg::RunTogether {
            row: "r".into(),
            written: "4100005".into(),
            split: "4 | 1 | 0".into(),
            read,
        });
    }
}

#[test]
fn completion_and_outline_texts_are_said_in_either_language() {
    let offer = |o: Offer| said(o.render(Lang::Zh), o.render(Lang::En));
    for format in Format::ALL {
        for table in TableKind::ALL {
            for present in [false, true] {
                offer(Offer::RowDetail {
                    table,
                    format,
                    present,
                });
            }
            for row in table_spec(table, format).rows {
                offer(Offer::RowDoc(row));
            }
            offer(Offer::HeaderDetail { table, format });
            for layout in [
                SnippetLayout::Markdown,
                SnippetLayout::Rows,
                SnippetLayout::CellPerLine,
                SnippetLayout::Tabs,
            ] {
                offer(Offer::SnippetDetail {
                    table,
                    format,
                    layout,
                });
            }
            offer(Offer::SnippetDoc {
                table,
                format,
                lines: 30,
            });
            offer(Offer::OutlineTable(table));
        }
        offer(Offer::OutlineFormat(format));
    }
    for id in 1..=6 {
        offer(Offer::HeadingDetail(SectionId(id)));
        offer(Offer::HeadingDoc(SectionId(id)));
    }
}

#[test]
fn every_cell_and_row_of_the_format_is_named_in_either_language() {
    for format in Format::ALL {
        for table in TableKind::ALL {
            for row in table_spec(table, format).rows {
                let name = row_of(row);
                said(name.zh, name.en);
                for col in 0..row.columns().len() {
                    let name = cell_of(table, row, col);
                    said(name.zh.clone(), name.en.clone());
                    msg(Msg::EmptyCell {
                        cell: name,
                        written: None,
                    });
                }
            }
        }
    }
    let spec = table_spec(TableKind::T4, Format::F2021);
    let name = cell_of(TableKind::T4, &spec.rows[0], 4);
    assert_eq!(name.zh, "行政复议·总计");
    assert_eq!(name.en, "“administrative reconsideration”, total");
}
