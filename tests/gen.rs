//! Synthetic but realistic annual reports for end-to-end tests: consistent values built from the
//! catalog alone, rendered in the text layouts that real reports come in, with errors planted on
//! purpose and the diagnostics those errors must produce.
//!
//! Every heading, row label and column header is taken from `nianbao_core::catalog`; only the
//! narrative prose, the agency names and the web-page chrome are written here.

use nianbao_core::catalog::{
    table_spec, ColSpec, Format, RowKind, TableKind, ValueKind, COLUMN_HEADERS, SECTIONS,
    T3_COLUMNS, T4_COLUMNS, T4_GROUPS,
};
use nianbao_core::text::TextRange;

// ---- Randomness ---------------------------------------------------------------------------------

/// A small deterministic generator (SplitMix64), so that a seed names a whole report.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A count as real reports have them: mostly zero, often small, sometimes large.
    fn count(&mut self) -> i64 {
        match self.below(20) {
            0..=10 => 0,
            11..=17 => 1 + self.below(9) as i64,
            _ => 10 + self.below(290) as i64,
        }
    }
}

// ---- What a report says -------------------------------------------------------------------------

/// The content of one report: its year, the format of its tables and every table value.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSpec {
    /// The report year, written in the title and the narrative.
    pub year: i32,
    /// The format the tables are drawn in (a format that does not fit the year is an error to
    /// find).
    pub format: Format,
    /// The agency, as named in the title.
    pub agency: String,
    /// Table 二: the cell texts of each data row, in the format's row order.
    pub t2: Vec<Vec<String>>,
    /// Table 三: the values of each data row, in the format's row order, in data column order
    /// (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计).
    pub t3: Vec<[i64; 7]>,
    /// Table 四: 复议 ×5, 直接起诉 ×5, 复议后起诉 ×5.
    pub t4: [i64; 15],
    /// Changes that are made to the document after it is built (see [`Plant`]).
    pub plants: Vec<Plant>,
}

const AGENCIES: [&str; 8] = [
    "某市生态环境局",
    "某县商务局",
    "某区工业和信息化局",
    "某市投资促进局",
    "某县统计局",
    "某镇人民政府",
    "某市煤炭工业转型发展局",
    "某区市场监督管理局",
];

/// The keys of the data rows of a table, in format order.
pub fn data_row_keys(kind: TableKind, format: Format) -> Vec<&'static str> {
    table_spec(kind, format)
        .data_rows()
        .map(|(_, r)| r.key)
        .collect()
}

impl ReportSpec {
    /// A report whose tables satisfy every relation (勾稽关系) of the format, drawn from `seed`.
    pub fn consistent(format: Format, year: i32, seed: u64) -> ReportSpec {
        let mut rng = Rng::new(seed);
        let all_zero = rng.chance(0.3);
        let count = |rng: &mut Rng| if all_zero { 0 } else { rng.count() };

        // Table 二.
        let mut t2 = Vec::new();
        for (_, row) in table_spec(TableKind::T2, format).data_rows() {
            let cells: Vec<String> = row
                .columns()
                .iter()
                .map(|c| match c.kind {
                    ValueKind::Count => count(&mut rng).to_string(),
                    ValueKind::SignedCount => {
                        let v = count(&mut rng);
                        if v > 0 && rng.chance(0.4) {
                            (-v).to_string()
                        } else {
                            v.to_string()
                        }
                    }
                    ValueKind::Amount => amount(&mut rng, all_zero),
                })
                .collect();
            t2.push(cells);
        }

        // Table 三: outcome rows and 上年结转 are free, 结转下年度 is free but small, 本年新收 balances.
        let spec = table_spec(TableKind::T3, format);
        let keys = data_row_keys(TableKind::T3, format);
        let mut rows: Vec<[i64; 7]> = vec![[0; 7]; keys.len()];
        let idx = |k: &str| {
            keys.iter()
                .position(|x| *x == k)
                .expect("a row of table 三")
        };
        for (i, (_, r)) in spec.data_rows().enumerate() {
            if r.outcome {
                for v in rows[i].iter_mut().take(6) {
                    *v = if rng.chance(0.5) { 0 } else { count(&mut rng) };
                }
            }
        }
        let (new, carried_in, total, carried_out) = (
            idx("new"),
            idx("carried_in"),
            idx("total"),
            idx("carried_out"),
        );
        // Column by column, since each column balances on its own.
        #[allow(clippy::needless_range_loop)]
        for c in 0..6 {
            let outcome_sum: i64 = spec
                .data_rows()
                .enumerate()
                .filter(|(_, (_, r))| r.outcome)
                .map(|(i, _)| rows[i][c])
                .sum();
            rows[total][c] = outcome_sum;
            rows[carried_out][c] = if rng.chance(0.7) {
                0
            } else {
                count(&mut rng) % 20
            };
            rows[carried_in][c] = (if rng.chance(0.6) {
                0
            } else {
                count(&mut rng) % 20
            })
            .min(outcome_sum + rows[carried_out][c]);
            rows[new][c] = outcome_sum + rows[carried_out][c] - rows[carried_in][c];
        }
        for row in &mut rows {
            row[6] = row[..6].iter().sum();
        }

        // Table 四.
        let mut t4 = [0i64; 15];
        for g in 0..T4_GROUPS.len() {
            for c in 0..4 {
                t4[g * 5 + c] = if rng.chance(0.6) {
                    0
                } else {
                    count(&mut rng) % 12
                };
            }
            t4[g * 5 + 4] = t4[g * 5..g * 5 + 4].iter().sum();
        }

        let agency = rng.pick(&AGENCIES).to_string();
        // Only State Council departments and the governments of provinces and 设区的市 make 规章: a
        // township, district or county body reports none.
        if ["镇", "县", "区", "乡", "街道"]
            .iter()
            .any(|w| agency.contains(w))
        {
            if let Some(row) = t2.first_mut() {
                for v in row.iter_mut() {
                    *v = "0".to_owned();
                }
            }
        }
        ReportSpec {
            year,
            format,
            agency,
            t2,
            t3: rows,
            t4,
            plants: Vec::new(),
        }
    }

    /// The values of table 三's row `key`.
    pub fn t3_row(&self, key: &str) -> Option<&[i64; 7]> {
        let keys = data_row_keys(TableKind::T3, self.format);
        keys.iter().position(|k| *k == key).map(|i| &self.t3[i])
    }

    /// Plants an error: value changes are made on the values at once, the rest when the document is
    /// built.
    pub fn plant(&mut self, p: Plant) {
        match &p {
            Plant::ChangeCell {
                table,
                row,
                col,
                delta,
            } => {
                let keys = data_row_keys(*table, self.format);
                let i = keys
                    .iter()
                    .position(|k| k == row)
                    .unwrap_or_else(|| panic!("no row {row} in {table:?}"));
                match table {
                    TableKind::T3 => self.t3[i][*col] += delta,
                    TableKind::T4 => self.t4[*col] += delta,
                    TableKind::T2 => {
                        let v: i64 = self.t2[i][*col]
                            .parse()
                            .expect("an integer cell of table 二");
                        self.t2[i][*col] = (v + delta).to_string();
                    }
                }
            }
            Plant::Year(y) => self.year = *y,
            Plant::FinishedClaim => {
                let keys = data_row_keys(TableKind::T3, self.format);
                let idx = |k: &str| {
                    keys.iter()
                        .position(|x| *x == k)
                        .expect("a row of table 三")
                };
                let (new, out) = (idx("new"), idx("carried_out"));
                if self.t3[out][6] == 0 {
                    let k = 1 + self.t3[new][6] % 3;
                    for i in [new, out] {
                        self.t3[i][0] += k;
                        self.t3[i][6] += k;
                    }
                }
            }
            _ => {}
        }
        self.plants.push(p);
    }

    /// The value a blank (or a dash) in a cell stands for when one of the table's sums computes
    /// that cell, the rest of the table being as drawn: its value, when not 0 (the checker reports
    /// the blank with that value, and counts it so in the other sums). The cells a sum computes are
    /// 总计 cells and the rows （七）总计 and 四、结转下年度继续办理 of table 三, and table 四's 总计 cells.
    pub fn blank_stands_for(&self, table: TableKind, row: &str, col: usize) -> Option<i64> {
        let v = match table {
            TableKind::T3 if col == 6 || row == "total" || row == "carried_out" => {
                self.t3_row(row)?[col]
            }
            TableKind::T4 if col % 5 == 4 => self.t4[col],
            _ => return None,
        };
        (v != 0).then_some(v)
    }

    /// The arithmetic diagnostics the values call for, with the checker's placement rules: a row
    /// total sits on the row's 总计 cell, the outcome total on （七）总计, a broken balance on 四、结转下年度继续办理
    /// (or on （七）总计 when the carried-over value would have to be negative), a group total of table
    /// 四 on that group's 总计. Cells set by [`Plant::SetCell`] count as 0 when blank or a dash, and
    /// make their relations uncheckable when they are no number; dropped rows count as 0 (outcomes)
    /// or disable the relations they take part in, and so do rows with a value too many or too few.
    /// The arithmetic errors the checker reports: on the cells of the smallest repair when one is
    /// certain (see [`ReportSpec::smallest_repair`]), else each failing relation on its total.
    pub fn arithmetic(&self) -> Vec<Expected> {
        self.smallest_repair()
            .unwrap_or_else(|| self.failing_sums())
    }

    /// The relations of the tables as written, each as its cells with their values and signs (`Σ
    /// sign·value = 0`; a total is the negative term). Relations with a cell the checker cannot
    /// count are left out.
    fn equations(&self) -> Vec<(&'static str, Vec<Term>)> {
        let mut out = Vec::new();
        let keys = data_row_keys(TableKind::T3, self.format);
        let spec = table_spec(TableKind::T3, self.format);
        let gone = |t: TableKind, k: &str| {
            self.plants.iter().any(|p| match p {
                Plant::DropRow { table, row } => *table == t && *row == k,
                Plant::CutTable { table, after } => {
                    *table == t && Plant::cut_rows(t, self.format, after).contains(&k)
                }
                Plant::DropCell { table, row, .. } | Plant::ExtraCell { table, row, .. } => {
                    *table == t && *row == k
                }
                _ => false,
            })
        };
        let counted = |t: TableKind, k: &str, c: usize, v: i64| -> Option<i64> {
            for p in self.plants.iter().rev() {
                if let Plant::SetCell {
                    table,
                    row,
                    col,
                    text,
                } = p
                {
                    if *table == t && *row == k && *col == c {
                        return cell_value(text)
                            .map(|blank| self.blank_stands_for(t, k, c).unwrap_or(blank));
                    }
                }
            }
            Some(v)
        };
        let t3 = |k: &'static str, c: usize, sign: i64| -> Option<Term> {
            let i = keys.iter().position(|x| *x == k)?;
            Some(Term {
                cell: (TableKind::T3, k, c),
                value: counted(TableKind::T3, k, c, self.t3[i][c])?,
                sign,
            })
        };
        let whole = |cells: Vec<Option<Term>>| cells.into_iter().collect::<Option<Vec<Term>>>();
        for &k in &keys {
            if gone(TableKind::T3, k) {
                continue;
            }
            if let Some(cells) = whole(
                (0..7)
                    .map(|c| t3(k, c, if c == 6 { -1 } else { 1 }))
                    .collect(),
            ) {
                out.push(("row-total", cells));
            }
        }
        let outcome_keys: Vec<&'static str> = spec
            .rows
            .iter()
            .filter(|r| r.outcome)
            .map(|r| static_key(TableKind::T3, r.key))
            .collect();
        let outcome_incomplete = outcome_keys.iter().any(|k| {
            self.plants.iter().any(|p| matches!(p, Plant::DropCell { table: TableKind::T3, row, .. } | Plant::ExtraCell { table: TableKind::T3, row, .. } if row == k))
        });
        if !gone(TableKind::T3, "total") && !outcome_incomplete {
            for c in 0..7 {
                let mut parts: Vec<Option<Term>> = outcome_keys
                    .iter()
                    .filter(|k| !gone(TableKind::T3, k))
                    .map(|k| t3(k, c, 1))
                    .collect();
                parts.push(t3("total", c, -1));
                if let Some(cells) = whole(parts) {
                    out.push(("outcome-total", cells));
                }
            }
        }
        if !["new", "carried_in", "total", "carried_out"]
            .iter()
            .any(|k| gone(TableKind::T3, k))
        {
            for c in 0..7 {
                if let Some(cells) = whole(vec![
                    t3("new", c, 1),
                    t3("carried_in", c, 1),
                    t3("total", c, -1),
                    t3("carried_out", c, -1),
                ]) {
                    out.push(("balance", cells));
                }
            }
        }
        let t4_key = table_spec(TableKind::T4, self.format).rows[0].key;
        if !gone(TableKind::T4, t4_key) {
            for g in 0..T4_GROUPS.len() {
                let term = |k: usize| {
                    let c = g * 5 + k;
                    Some(Term {
                        cell: (TableKind::T4, t4_key, c),
                        value: counted(TableKind::T4, t4_key, c, self.t4[c])?,
                        sign: if k == 4 { -1 } else { 1 },
                    })
                };
                if let Some(cells) = whole((0..5).map(term).collect()) {
                    out.push(("review-total", cells));
                }
            }
        }
        out
    }

    /// The cells of the unique smallest set (of one or two cells of the failing relations) whose
    /// change to values of at least 0 makes every relation hold, each as the error the checker
    /// reports on it: coded by the relation it is the total of, else by the first it is a term of
    /// (row total, outcome total, review total, balance). `None` when all relations hold or no such
    /// set is unique.
    pub fn smallest_repair(&self) -> Option<Vec<Expected>> {
        let equations = self.equations();
        let sign_in = |cells: &[Term], c: CellKey| -> i64 {
            cells.iter().filter(|t| t.cell == c).map(|t| t.sign).sum()
        };
        let residual = |cells: &[Term]| cells.iter().map(|t| t.sign * t.value).sum::<i64>();
        let failing: Vec<usize> = (0..equations.len())
            .filter(|&e| residual(&equations[e].1) != 0)
            .collect();
        if failing.is_empty() {
            return None;
        }
        let mut pool: Vec<CellKey> = failing
            .iter()
            .flat_map(|&e| equations[e].1.iter().map(|t| t.cell))
            .collect();
        pool.sort();
        pool.dedup();
        let value_of = |c: CellKey| {
            equations
                .iter()
                .flat_map(|(_, cells)| cells)
                .find(|t| t.cell == c)
                .map_or(0, |t| t.value)
        };
        // The changes that make every equation hold when only the cells of `set` change.
        let solve = |set: &[CellKey]| -> Option<Vec<i64>> {
            let involved: Vec<usize> = (0..equations.len())
                .filter(|&e| set.iter().any(|&c| sign_in(&equations[e].1, c) != 0))
                .collect();
            if failing.iter().any(|e| !involved.contains(e)) {
                return None;
            }
            let mut deltas: Vec<Option<i64>> = vec![None; set.len()];
            for _ in 0..2 {
                for &e in &involved {
                    let cells = &equations[e].1;
                    let open: Vec<usize> = (0..set.len())
                        .filter(|&i| deltas[i].is_none() && sign_in(cells, set[i]) != 0)
                        .collect();
                    if let [i] = open[..] {
                        let known: i64 = (0..set.len())
                            .filter_map(|j| deltas[j].map(|d| d * sign_in(cells, set[j])))
                            .sum();
                        let k = sign_in(cells, set[i]);
                        let rest = -(residual(cells) + known);
                        if rest % k != 0 {
                            return None;
                        }
                        deltas[i] = Some(rest / k);
                    }
                }
            }
            let deltas: Vec<i64> = deltas.into_iter().collect::<Option<_>>()?;
            let holds = involved.iter().all(|&e| {
                residual(&equations[e].1)
                    + set
                        .iter()
                        .zip(&deltas)
                        .map(|(&c, d)| d * sign_in(&equations[e].1, c))
                        .sum::<i64>()
                    == 0
            });
            let fine = set
                .iter()
                .zip(&deltas)
                .all(|(&c, &d)| d != 0 && value_of(c) + d >= 0);
            (holds && fine).then_some(deltas)
        };
        let mut found: Vec<(Vec<CellKey>, Vec<i64>)> = pool
            .iter()
            .filter_map(|&c| Some((vec![c], solve(&[c])?)))
            .collect();
        if found.is_empty() {
            for (i, &a) in pool.iter().enumerate() {
                for &b in &pool[i + 1..] {
                    if let Some(d) = solve(&[a, b]) {
                        found.push((vec![a, b], d));
                    }
                }
            }
        }
        // The narrative of section 四 states table 四's totals (the reviews; the lawsuits of both
        // kinds together) as the table holds them: of equally small repairs of table 四, the checker
        // keeps those that leave these as stated.
        let t4_key = table_spec(TableKind::T4, self.format).rows[0].key;
        let t4_cols: Vec<usize> = pool
            .iter()
            .filter(|c| c.0 == TableKind::T4)
            .map(|c| c.2)
            .collect();
        if found.len() > 1 && t4_cols.len() == pool.len() {
            let after = |set: &[CellKey], deltas: &[i64], col: usize| {
                let cell = (TableKind::T4, t4_key, col);
                self.t4[col]
                    + set
                        .iter()
                        .zip(deltas)
                        .filter(|(c, _)| **c == cell)
                        .map(|(_, d)| d)
                        .sum::<i64>()
            };
            let stated = [
                (vec![4], self.t4[4]),
                (vec![9, 14], self.t4[9] + self.t4[14]),
            ];
            let kept: Vec<(Vec<CellKey>, Vec<i64>)> = found
                .iter()
                .filter(|(set, d)| {
                    stated
                        .iter()
                        .all(|(cols, v)| cols.iter().map(|&c| after(set, d, c)).sum::<i64>() == *v)
                })
                .cloned()
                .collect();
            if !kept.is_empty() && kept.len() < found.len() {
                found = kept;
            }
        }
        let [(set, deltas)] = <[_; 1]>::try_from(found).ok()?;
        let rank = |code: &str| {
            ["row-total", "outcome-total", "review-total", "balance"]
                .iter()
                .position(|x| *x == code)
                .unwrap_or(9)
        };
        Some(
            set.iter()
                .zip(deltas)
                .map(|(&c, d)| {
                    // The relation it is the total of (its negative term), else the first it is a
                    // term of.
                    let code = failing
                        .iter()
                        .map(|&e| &equations[e])
                        .filter(|(_, cells)| sign_in(cells, c) != 0)
                        .map(|(code, cells)| (sign_in(cells, c) > 0, rank(code), *code))
                        .min()
                        .expect("a broken relation")
                        .2;
                    let columns = if c.0 == TableKind::T3 {
                        &T3_COLUMNS[..]
                    } else {
                        &T4_COLUMNS[..]
                    };
                    let actual = value_of(c);
                    Expected::sum(code, c.0, c.1, columns[c.2].key, actual + d, actual)
                })
                .collect(),
        )
    }

    fn failing_sums(&self) -> Vec<Expected> {
        let mut out = Vec::new();
        let keys = data_row_keys(TableKind::T3, self.format);
        let spec = table_spec(TableKind::T3, self.format);
        let dropped = |t: TableKind, k: &str| {
            self.plants.iter().any(|p| match p {
                Plant::DropRow { table, row } => *table == t && *row == k,
                Plant::CutTable { table, after } => {
                    *table == t && Plant::cut_rows(t, self.format, after).contains(&k)
                }
                _ => false,
            })
        };
        let cell = |t: TableKind, k: &str, c: usize, v: i64| -> Option<i64> {
            for p in self.plants.iter().rev() {
                if let Plant::SetCell {
                    table,
                    row,
                    col,
                    text,
                } = p
                {
                    if *table == t && *row == k && *col == c {
                        // A blank total stands for the value its sum gives.
                        return cell_value(text)
                            .map(|blank| self.blank_stands_for(t, k, c).unwrap_or(blank));
                    }
                }
            }
            Some(v)
        };
        // A row with a value too many or too few is left out of every relation it takes part in.
        let incomplete = |t: TableKind, k: &str| {
            self.plants.iter().any(|p| {
                matches!(p, Plant::DropCell { table, row, .. } | Plant::ExtraCell { table, row, .. } if *table == t && *row == k)
            })
        };
        let t3_incomplete = |k: &str| incomplete(TableKind::T3, k);
        let row_of = |k: &str| -> Option<[Option<i64>; 7]> {
            if dropped(TableKind::T3, k) {
                return None;
            }
            if t3_incomplete(k) {
                return Some([None; 7]);
            }
            let i = keys.iter().position(|x| *x == k)?;
            Some(std::array::from_fn(|c| {
                cell(TableKind::T3, k, c, self.t3[i][c])
            }))
        };
        // The outcome total first: an error it explains is not repeated by the row total of （七）总计
        // or by the balance (the checker's rule).
        let outcomes: Vec<Option<[Option<i64>; 7]>> = spec
            .rows
            .iter()
            .filter(|r| r.outcome)
            .map(|r| row_of(r.key))
            .collect();
        let outcomes_complete = !spec.rows.iter().any(|r| r.outcome && t3_incomplete(r.key));
        let mut outcome_errors: Vec<Expected> = Vec::new();
        let mut corrected: [Option<i64>; 7] = [None; 7];
        if let Some(total) = row_of("total").filter(|_| outcomes_complete) {
            for (c, col) in T3_COLUMNS.iter().enumerate() {
                let parts: Option<Vec<i64>> = outcomes
                    .iter()
                    .map(|r| r.map_or(Some(0), |r| r[c]))
                    .collect();
                if let (Some(parts), Some(t)) = (parts, total[c]) {
                    let sum: i64 = parts.iter().sum();
                    if sum != t {
                        outcome_errors.push(Expected::sum(
                            "outcome-total",
                            TableKind::T3,
                            "total",
                            col.key,
                            sum,
                            t,
                        ));
                        corrected[c] = Some(sum);
                    }
                }
            }
        }
        for k in &keys {
            let Some(r) = row_of(k) else { continue };
            if *k == "total" && !outcome_errors.is_empty() {
                continue;
            }
            if let (Some(parts), Some(total)) =
                (r[..6].iter().copied().collect::<Option<Vec<i64>>>(), r[6])
            {
                let sum: i64 = parts.iter().sum();
                if sum != total {
                    out.push(Expected::sum(
                        "row-total",
                        TableKind::T3,
                        k,
                        T3_COLUMNS[6].key,
                        sum,
                        total,
                    ));
                }
            }
        }
        out.extend(outcome_errors);
        if let (Some(a), Some(b), Some(t), Some(o)) = (
            row_of("new"),
            row_of("carried_in"),
            row_of("total"),
            row_of("carried_out"),
        ) {
            for (c, col) in T3_COLUMNS.iter().enumerate() {
                let (Some(a), Some(b), Some(t), Some(o)) = (a[c], b[c], t[c], o[c]) else {
                    continue;
                };
                if a + b == t + o || corrected[c].is_some_and(|sum| a + b == sum + o) {
                    continue;
                }
                if a + b - t >= 0 {
                    out.push(Expected::sum(
                        "balance",
                        TableKind::T3,
                        "carried_out",
                        col.key,
                        a + b - t,
                        o,
                    ));
                } else {
                    out.push(Expected::sum(
                        "balance",
                        TableKind::T3,
                        "total",
                        col.key,
                        a + b - o,
                        t,
                    ));
                }
            }
        }
        let t4_key = table_spec(TableKind::T4, self.format).rows[0].key;
        let t4_complete = !incomplete(TableKind::T4, t4_key);
        let t4: Vec<Option<i64>> = (0..15)
            .map(|c| cell(TableKind::T4, t4_key, c, self.t4[c]).filter(|_| t4_complete))
            .collect();
        for g in 0..T4_GROUPS.len() {
            let parts: Option<Vec<i64>> = t4[g * 5..g * 5 + 4].iter().copied().collect();
            if let (Some(parts), Some(total)) = (parts, t4[g * 5 + 4]) {
                let sum: i64 = parts.iter().sum();
                if sum != total {
                    out.push(Expected::sum(
                        "review-total",
                        TableKind::T4,
                        t4_key,
                        T4_COLUMNS[g * 5 + 4].key,
                        sum,
                        total,
                    ));
                }
            }
        }
        out
    }
}

/// A cell of a table: its table, row key and column.
type CellKey = (TableKind, &'static str, usize);

/// A cell in a relation of the tables, with the value the checker counts and its sign in the sum.
#[derive(Debug, Clone, Copy)]
struct Term {
    cell: CellKey,
    value: i64,
    sign: i64,
}

/// How the checker counts a cell text in sums: blank and dashes are 0, text is uncheckable.
fn cell_value(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() || matches!(t, "/" | "-" | "—" | "——" | "无") {
        return Some(0);
    }
    t.parse().ok()
}

fn amount(rng: &mut Rng, zero: bool) -> String {
    if zero || rng.chance(0.5) {
        return "0".to_owned();
    }
    match rng.below(3) {
        0 => (1 + rng.below(500)).to_string(),
        1 => format!("{}.{}", rng.below(1000), 1 + rng.below(9)),
        _ => format!("{}.{:02}", rng.below(100_000), 1 + rng.below(98)),
    }
}

/// A diagnostic a test expects, in the terms of its `data`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    pub code: &'static str,
    pub table: Option<TableKind>,
    pub row: Option<&'static str>,
    pub column: Option<&'static str>,
    pub expected: Option<i64>,
    pub actual: Option<i64>,
    /// The section of a section diagnostic (1 to 6).
    pub section: Option<u8>,
}

impl Expected {
    pub fn sum(
        code: &'static str,
        table: TableKind,
        row: &str,
        column: &'static str,
        expected: i64,
        actual: i64,
    ) -> Expected {
        Expected {
            code,
            table: Some(table),
            row: Some(static_key(table, row)),
            column: Some(column),
            expected: Some(expected),
            actual: Some(actual),
            section: None,
        }
    }

    pub fn at(
        code: &'static str,
        table: TableKind,
        row: &str,
        column: Option<&'static str>,
    ) -> Expected {
        Expected {
            code,
            table: Some(table),
            row: Some(static_key(table, row)),
            column,
            expected: None,
            actual: None,
            section: None,
        }
    }

    /// A diagnostic about a table as a whole (its many blank cells).
    pub fn table(code: &'static str, table: TableKind) -> Expected {
        Expected {
            code,
            table: Some(table),
            row: None,
            column: None,
            expected: None,
            actual: None,
            section: None,
        }
    }

    /// A diagnostic about section `id` as a whole.
    pub fn section(code: &'static str, id: u8) -> Expected {
        Expected {
            code,
            table: None,
            row: None,
            column: None,
            expected: None,
            actual: None,
            section: Some(id),
        }
    }

    /// A table drawn in the wrong format for the year: `expected` is the format the year calls for.
    pub fn format_mismatch(table: TableKind, expected: Format) -> Expected {
        let year: i64 = expected.name().parse().expect("a format name is a year");
        Expected {
            code: "format-mismatch",
            table: Some(table),
            row: None,
            column: None,
            expected: Some(year),
            actual: None,
            section: None,
        }
    }

    /// The same fingerprint as [`fingerprint`] gives for a diagnostic.
    pub fn fingerprint(&self) -> String {
        let opt = |v: Option<i64>| v.map_or(String::new(), |v| v.to_string());
        format!(
            "{}|{}|{}|{}|{}|{}|{}",
            self.code,
            self.table.map_or(String::new(), |t| format!("{t:?}")),
            self.row.unwrap_or(""),
            self.column.unwrap_or(""),
            opt(self.expected),
            opt(self.actual),
            self.section.map_or(String::new(), |s| s.to_string())
        )
    }
}

/// The row key as the catalog's own `&'static str`.
fn static_key(table: TableKind, key: &str) -> &'static str {
    Format::ALL
        .iter()
        .flat_map(|f| table_spec(table, *f).rows.iter())
        .find(|r| r.key == key)
        .map(|r| r.key)
        .unwrap_or_else(|| panic!("no row {key} in {table:?}"))
}

/// What a diagnostic says in its `data`, as one comparable string: code, table, row, column,
/// expected and actual value, section.
pub fn fingerprint(d: &nianbao_core::Diagnostic) -> String {
    let s = |k: &str| match d.data.get(k) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    format!(
        "{}|{}|{}|{}|{}|{}|{}",
        d.code.as_str(),
        s("table"),
        s("row"),
        s("column"),
        s("expected"),
        s("actual"),
        s("section")
    )
}

// ---- Planted errors -----------------------------------------------------------------------------

/// An error planted in a report, so that a test knows which diagnostic must appear and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plant {
    /// Adds `delta` to one value (table 三 and 四 values, or an integer cell of table 二).
    ChangeCell {
        table: TableKind,
        row: &'static str,
        col: usize,
        delta: i64,
    },
    /// Writes `text` in a cell instead of its value: "" for a blank, "—" for a dash, "十二" or "O"
    /// for text that is no number.
    SetCell {
        table: TableKind,
        row: &'static str,
        col: usize,
        text: String,
    },
    /// Deletes the char at `at` (a char index into the catalog label) from a row label.
    TypoLabel {
        table: TableKind,
        row: &'static str,
        at: usize,
    },
    /// Writes a row label in another way.
    SetLabel {
        table: TableKind,
        row: &'static str,
        text: String,
    },
    /// Leaves a row out: its label and its cells.
    DropRow { table: TableKind, row: &'static str },
    /// Leaves one value of a row out (the row is one value short).
    DropCell {
        table: TableKind,
        row: &'static str,
        col: usize,
    },
    /// Adds a value at the end of a row.
    ExtraCell {
        table: TableKind,
        row: &'static str,
        text: String,
    },
    /// Writes a row (label and values) a second time, right after itself.
    DuplicateRow { table: TableKind, row: &'static str },
    /// Adds a row that is not in the format (such as 孝感 2020's `其他主动公开文件`) after the row `after`.
    ExtraRow {
        table: TableKind,
        after: &'static str,
        label: String,
        values: Vec<String>,
    },
    /// Leaves a section heading out (its narrative and table stay).
    DropHeading { section: u8 },
    /// Deletes the char at `at` (a char index into the title, after `一、`) from a section heading.
    TypoHeading { section: u8, at: usize },
    /// Writes another year in the title and the narrative.
    Year(i32),
    /// Ends the table after the row `after` (a data or group row), as a paste that stopped there:
    /// the rows after it, and the header rows between them, are not written.
    CutTable {
        table: TableKind,
        after: &'static str,
    },
    /// Leaves out the label of `row` and writes its values at the end of the visual row above (the
    /// row above's values, or its group label's line), as a conversion that lost a row's label
    /// glues them.
    MergeRow { table: TableKind, row: &'static str },
    /// Section 三 claims every request was dealt with (`所有申请均已按时办理完毕`) while some are carried over
    /// to next year: when the values carry none over, one or more new requests of the 自然人 column
    /// are carried over instead (the relations still hold).
    FinishedClaim,
    /// The narrative of section 三 restates the 总计 of `row` (`new`, `carried_in` or `carried_out`)
    /// off by `delta`.
    NarrativeFigure { row: &'static str, delta: i64 },
}

impl Plant {
    /// The rows of `table` (data and group rows, in format order) that a [`Plant::CutTable`] after
    /// `after` leaves out.
    pub fn cut_rows(table: TableKind, format: Format, after: &str) -> Vec<&'static str> {
        let rows = table_spec(table, format).rows;
        let at = rows
            .iter()
            .position(|r| r.key == after)
            .unwrap_or_else(|| panic!("no row {after} in {table:?}"));
        rows[at + 1..].iter().map(|r| r.key).collect()
    }
}

// ---- Layouts and styles -------------------------------------------------------------------------

/// How the text of a report is laid out: the shapes real extractions of web pages, documents and
/// PDFs take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Seed 000: every header, label and cell on its own line ending with " |".
    CellPerLinePipe,
    /// Seed 001: `label | a | b | c |` rows, filler such as `| |||`.
    RowPipe,
    /// Seed 002: one cell per line, a blank line between cells, numbers padded with spaces and
    /// NBSP.
    BlankLineCells,
    /// Seed 004: every cell on its own line starting with a tab, numbers followed by an NBSP, a
    /// blank line after each row.
    TabIndented,
    /// `#`/`##` headings and pipe tables with a `|---|` rule under their first row.
    Markdown,
    /// A row per line, its label and cells separated by tabs, as copied from a spreadsheet.
    SpreadsheetTabs,
    /// A row per line, its label followed by space-separated numbers, as extracted from a PDF.
    PdfSpaces,
}

impl Layout {
    pub const ALL: [Layout; 7] = [
        Layout::CellPerLinePipe,
        Layout::RowPipe,
        Layout::BlankLineCells,
        Layout::TabIndented,
        Layout::Markdown,
        Layout::SpreadsheetTabs,
        Layout::PdfSpaces,
    ];

    /// Whether a row's label and cells share one line.
    pub fn is_row_layout(self) -> bool {
        matches!(
            self,
            Layout::RowPipe | Layout::Markdown | Layout::SpreadsheetTabs | Layout::PdfSpaces
        )
    }

    /// Whether an empty cell can be written at all (in a PDF row it simply disappears; one cell per
    /// line, it is a blank line).
    pub fn can_show_blank(self) -> bool {
        !matches!(self, Layout::PdfSpaces)
    }
}

/// The choices a writer or an extraction makes that do not change what a report says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// Full-width `（一）` and `：，` (else half-width `(一)`, `:` and `,`, as many stored web copies
    /// have).
    pub full_width: bool,
    /// Spaces inside some column headers (`商业 企业`, `结果 纠正`), as extraction leaves them.
    pub spaced_headers: bool,
    /// A space inside long row labels (`三、本年度办 理结果`), as PDF extraction leaves them.
    pub spaced_labels: bool,
    /// Web-page chrome lines before and after the report.
    pub chrome: bool,
    /// In row layouts, a group label shares its line with its first sub-row (`（三）不予公开 | 1.属于国家秘密 |
    /// 0 …`).
    pub share_group_line: bool,
    /// In row layouts, table 三's merged header read linearly on one line
    /// (`自然人 | 法人或其他组织 | 总计 | 商业企业 | …`) rather than on its two header lines.
    pub flat_t3_header: bool,
    /// The longer official wordings of headings (`二、行政机关主动公开政府信息情况`).
    pub long_headings: bool,
    /// Sub-headings `（一）…` in sections 一 and 六, as seeds 001 and 002 have.
    pub subheadings: bool,
    /// Filler separators (`|||`) where a layout has them.
    pub fillers: bool,
    /// Long header texts broken over two lines (`本年新` / `制作数量`) in one-cell-per-line layouts.
    pub broken_headers: bool,
    /// Windows line breaks (`\r\n`).
    pub crlf: bool,
    /// Extraction artefacts: a `[bookmark: _GoBack]` mark (seed 004), and page numbers and notes
    /// (`注：本表数据截至12月31日`) between table rows in the PDF, tab and one-cell-per-line layouts.
    pub artefacts: bool,
    /// The bare title `政府信息公开工作年度报告`, without agency and year (seed 004): the year is then read
    /// from the statistics period.
    pub bare_title: bool,
    /// Amounts written with a unit (`元`) or thousands separators (`1,234.5`).
    pub decorated_amounts: bool,
    /// How section headings are numbered, `{n}` standing for the numeral: the format's `{n}、`, or
    /// `第{n}部分 `, `{n}.`, `（{n}）` as real reports write them (an information hint each).
    pub heading_numbering: &'static str,
    /// A heading followed on its line by a colon and the section's first sentence (`一、总体情况：…`).
    pub heading_text: bool,
    /// The title set on two lines, with spaces around the year (`某某局 2023 年` / `政府信息公开工作年度报告`).
    pub split_title: bool,
    /// No statistics period in the preamble: with `bare_title`, the year is only in `XXXX年，`.
    pub no_period: bool,
    /// Section headings worded another way than the format's, as real reports word them
    /// (`五、存在的主要问题及下一步工作打算`): an information hint each. Not with `（{n}）` numbering, where
    /// only the format's titles tell a section heading from a sub-heading.
    pub reworded_headings: bool,
    /// Section 三 claims every request was answered (`所有申请均已按时办理完毕`) when none is carried over.
    pub finished_claim: bool,
    /// Some row labels of table 三 broken over two lines, as a PDF conversion leaves a wrapped cell
    /// (`（四）无` / `法提供`, `1.本机关不掌握相关` / `政府信息 0 0 …`, or the values on the first line and the rest
    /// of the label alone on the next), in the shapes of `crates/core/tests/cascades.rs` that each
    /// layout's conversions produce. Only catalog labels of rows without a blank cell are broken
    /// (see the FIXME in `label_break`); one cell per line and in spreadsheet rows, only before the
    /// values.
    pub broken_labels: bool,
    /// A page break inside table 三: a page footer (`第 2 页`), the report's title as the next page's
    /// running header, and the table's header rows repeated, as converted PDFs and printed pages
    /// show it.
    pub page_headers: bool,
    /// Drives the padding of numbers.
    pub pad_seed: u64,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            full_width: true,
            spaced_headers: false,
            spaced_labels: false,
            chrome: false,
            share_group_line: false,
            flat_t3_header: false,
            long_headings: false,
            subheadings: false,
            fillers: false,
            broken_headers: false,
            crlf: false,
            artefacts: false,
            bare_title: false,
            decorated_amounts: false,
            heading_numbering: "{n}、",
            heading_text: false,
            split_title: false,
            no_period: false,
            reworded_headings: false,
            finished_claim: false,
            broken_labels: false,
            page_headers: false,
            pad_seed: 0,
        }
    }
}

impl Style {
    /// A random style; `long_headings` stays off, since it is tested on its own.
    pub fn random(seed: u64) -> Style {
        let mut r = Rng::new(seed.rotate_left(17) ^ 0x5151);
        Style {
            full_width: r.chance(0.5),
            spaced_headers: r.chance(0.5),
            spaced_labels: r.chance(0.3),
            chrome: r.chance(0.5),
            share_group_line: r.chance(0.5),
            flat_t3_header: r.chance(0.5),
            long_headings: false,
            subheadings: r.chance(0.5),
            fillers: r.chance(0.5),
            broken_headers: r.chance(0.5),
            crlf: r.chance(0.2),
            artefacts: r.chance(0.3),
            bare_title: r.chance(0.2),
            decorated_amounts: r.chance(0.3),
            pad_seed: r.next_u64(),
            // The ways of real reports that `Style::varied` draws keep the default's.
            ..Style::default()
        }
    }

    /// How [`Style::varied`] numbers headings: the format's numbering half the time.
    const NUMBERINGS: [&'static str; 6] =
        ["{n}、", "{n}、", "{n}、", "第{n}部分 ", "{n}.", "（{n}）"];

    /// [`Style::random`] with, besides, the ways real reports number and word their headings and
    /// title (numbering, text after a heading's colon, a title on two lines, no statistics period),
    /// so that the generated tests cover them; the benchmark documents keep [`Style::random`]'s.
    pub fn varied(seed: u64) -> Style {
        let mut r = Rng::new(seed.rotate_left(29) ^ 0xA1A1);
        Style {
            heading_numbering: Self::NUMBERINGS[r.below(Self::NUMBERINGS.len() as u64) as usize],
            heading_text: r.chance(0.2),
            split_title: r.chance(0.2),
            no_period: r.chance(0.2),
            reworded_headings: r.chance(0.2),
            finished_claim: r.chance(0.3),
            broken_labels: r.chance(0.3),
            page_headers: r.chance(0.3),
            ..Style::random(seed)
        }
    }
}

// ---- The document, between the values and the text ----------------------------------------------

/// What a piece of rendered text stands for, so that a test can find where its planted error ended
/// up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Title,
    Heading(u8),
    /// A row, group or block label.
    Label(TableKind, &'static str),
    /// A value cell: table, row key, column index in the row's columns.
    Cell(TableKind, &'static str, usize),
    Header,
    /// A value added by [`Plant::ExtraCell`] or [`Plant::ExtraRow`].
    Extra(TableKind, &'static str),
    /// The label of a row written again by [`Plant::DuplicateRow`], or of a row added by
    /// [`Plant::ExtraRow`].
    OtherLabel(TableKind, &'static str),
    /// Where a cell removed by [`Plant::DropCell`] stood: never written, but it keeps the row's
    /// width.
    Dropped,
    /// A value of a row written again by [`Plant::DuplicateRow`].
    OtherCell(TableKind, &'static str, usize),
}

/// One cell of a visual row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub target: Target,
}

impl Piece {
    fn is_value(&self) -> bool {
        matches!(
            self.target,
            Target::Cell(..) | Target::Extra(..) | Target::OtherCell(..)
        )
    }
}

/// A report before it is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Chrome(String),
    Title(String),
    Para(String),
    Heading(u8, String),
    /// A table as visual rows of pieces.
    Table(TableKind, Vec<Vec<Piece>>),
}

/// Where a piece ended up in the text: `text` is the piece itself, `slot` reaches from the end of
/// the previous piece on its line (or its own start) to the separator after it, padding included
/// (for a blank cell, `text` is empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub target: Target,
    pub text: TextRange,
    pub slot: TextRange,
}

/// A rendered report and where each of its pieces is.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub text: String,
    pub spans: Vec<Span>,
}

impl Rendered {
    pub fn span(&self, target: Target) -> Option<Span> {
        self.spans.iter().copied().find(|s| s.target == target)
    }
}

/// A text with half-width brackets, colon and comma (`(一)`, `:`), as many stored web copies have.
pub fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            other => other,
        })
        .collect()
}

/// A header text with a space in its middle (`商业 企业`, `尚未 审结`), for the four-char headers that
/// real extractions split so.
fn spaced(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() != 4 || !chars.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)) {
        return s.to_owned();
    }
    let mid = 2;
    format!(
        "{} {}",
        chars[..mid].iter().collect::<String>(),
        chars[mid..].iter().collect::<String>()
    )
}

fn header_where(pred: impl Fn(&str) -> bool, kind: TableKind) -> &'static str {
    COLUMN_HEADERS
        .iter()
        .find(|h| h.tables.contains(&kind) && pred(h.label))
        .map(|h| h.label)
        .expect("the catalog has this column header")
}

/// Column headers of the catalog that are not data columns: `信息内容`, table 三's note, `申请人情况`,
/// `法人或其他组织`, and table 四's `行政诉讼`.
pub struct ExtraHeaders {
    pub info_content: &'static str,
    pub t3_note: &'static str,
    pub applicant: &'static str,
    pub legal_person: &'static str,
    pub litigation: &'static str,
}

pub fn extra_headers() -> ExtraHeaders {
    let t3_cols: Vec<&str> = T3_COLUMNS.iter().map(|c| c.label).collect();
    let t4_labels: Vec<&str> = T4_COLUMNS
        .iter()
        .map(|c| c.label)
        .chain(T4_GROUPS.iter().map(|g| g.1))
        .collect();
    let t3_extra: Vec<&'static str> = COLUMN_HEADERS
        .iter()
        .filter(|h| h.tables == [TableKind::T3] && !t3_cols.contains(&h.label))
        .map(|h| h.label)
        .collect();
    let note = *t3_extra
        .iter()
        .max_by_key(|l| l.chars().count())
        .expect("table 三 has a note");
    let others: Vec<&'static str> = t3_extra.iter().copied().filter(|l| *l != note).collect();
    let applicant = *others
        .iter()
        .find(|l| l.ends_with("情况"))
        .expect("申请人情况");
    let legal_person = *others
        .iter()
        .find(|l| **l != applicant)
        .expect("法人或其他组织");
    ExtraHeaders {
        info_content: header_where(|_| true, TableKind::T2),
        t3_note: note,
        applicant,
        legal_person,
        litigation: COLUMN_HEADERS
            .iter()
            .find(|h| h.tables == [TableKind::T4] && !t4_labels.contains(&h.label))
            .map(|h| h.label)
            .expect("行政诉讼"),
    }
}

/// Builds the document of a report: title, preamble, the six sections with narrative and tables.
pub fn build(spec: &ReportSpec, style: &Style) -> Vec<Block> {
    let w = |s: &str| {
        if style.full_width {
            s.to_owned()
        } else {
            half_width(s)
        }
    };
    let hdr = |s: &str| {
        if style.spaced_headers {
            spaced(&w(s))
        } else {
            w(s)
        }
    };
    let y = spec.year;
    let mut blocks = Vec::new();
    if style.chrome {
        blocks.push(Block::Chrome(format!(
            "日期: {}-01-20 浏览量:{} 来源:{} 文字大小: 大 中 小",
            y + 1,
            100 + spec.t4[0] * 7,
            spec.agency
        )));
    }
    if style.bare_title {
        blocks.push(Block::Title("政府信息公开工作年度报告".to_owned()));
    } else if style.split_title {
        blocks.push(Block::Title(format!(
            "{} {} 年\n政府信息公开工作年度报告",
            spec.agency, y
        )));
    } else {
        blocks.push(Block::Title(format!(
            "{}{}年政府信息公开工作年度报告",
            spec.agency, y
        )));
    }
    let titles: Vec<&str> = SECTIONS.iter().map(|s| s.title).collect();
    let period = if style.no_period {
        String::new()
    } else {
        format!("本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。")
    };
    blocks.push(Block::Para(w(&format!(
        "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（{}）的要求编制，由{}共{}个部分组成。{period}",
        spec.format.document(),
        titles.join("、"),
        titles.len()
    ))));
    let t3 = |k: &str| spec.t3_row(k).map_or(0, |r| r[6]);
    for s in &SECTIONS {
        let reworded = REWORDED_HEADINGS[usize::from(s.id.0 - 1)];
        // Headings numbered （一） are told from sub-headings by their titles: those keep the
        // format's.
        let title = if style.reworded_headings && !style.heading_numbering.starts_with('（') {
            reworded[(style.pad_seed % reworded.len() as u64) as usize]
        } else if style.long_headings && !s.official_variants.is_empty() {
            s.official_variants[0]
        } else {
            s.title
        };
        let mut heading = format!(
            "{}{title}",
            w(&style.heading_numbering.replace("{n}", s.numeral))
        );
        if style.heading_text {
            heading.push_str(&w("：具体情况如下。"));
        }
        blocks.push(Block::Heading(s.id.0, heading));
        match s.id.0 {
            1 => {
                blocks.push(Block::Para(w(&format!(
                    "{y}年，{}认真贯彻落实《中华人民共和国政府信息公开条例》，围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面扎实推进政府信息公开工作，将政务公开纳入年度工作考核，主动接受社会评议，取得了较好成效。",
                    spec.agency
                ))));
                if style.subheadings {
                    for (n, topic, body) in [
                        ("一", "主动公开", "严格落实公开要求，通过政府门户网站及时、准确发布各类政府信息，做到应公开尽公开。"),
                        ("二", "依申请公开", "进一步规范依申请公开的受理、审核和答复流程，依法保障公众合理的信息需求。"),
                        ("三", "政府信息管理", "健全信息发布前的保密审查机制，坚持先审查后公开，动态更新政府信息公开指南。"),
                        ("四", "平台建设", "持续优化政府信息公开专栏的栏目设置，提升平台的集约化、规范化水平。"),
                        ("五", "监督保障", "明确分管领导和具体承办人员，将政务公开工作纳入年度考核，并主动接受社会监督。"),
                    ] {
                        blocks.push(Block::Para(w(&format!("（{n}）{topic}"))));
                        blocks.push(Block::Para(body.to_owned()));
                    }
                }
            }
            2 => {
                blocks.push(Block::Para(format!(
                    "{y}年，本机关通过政府门户网站主动公开政府信息，有关情况见下表。"
                )));
                blocks.push(Block::Table(TableKind::T2, t2_rows(spec, style, &w, &hdr)));
            }
            3 => {
                // The figures as the narrative restates them, one of them off when a plant says so.
                let said = |k: &str| {
                    let off: i64 = spec
                        .plants
                        .iter()
                        .filter_map(|p| match p {
                            Plant::NarrativeFigure { row, delta } if *row == k => Some(*delta),
                            _ => None,
                        })
                        .sum();
                    t3(k) + off
                };
                blocks.push(Block::Para(format!(
                    "{y}年，本机关共新收政府信息公开申请{}件，上年结转{}件，结转下年度继续办理{}件，具体情况如下。",
                    said("new"),
                    said("carried_in"),
                    said("carried_out")
                )));
                let claim = spec.plants.contains(&Plant::FinishedClaim);
                if claim || (style.finished_claim && t3("carried_out") == 0) {
                    blocks.push(Block::Para(
                        "所有申请均已在法定期限内按时办理完毕，未发生逾期答复情况。".to_owned(),
                    ));
                }
                blocks.push(Block::Table(TableKind::T3, t3_rows(spec, style, &w, &hdr)));
            }
            4 => {
                blocks.push(Block::Para(format!(
                    "{y}年，本机关因政府信息公开工作被申请行政复议{}件，被提起行政诉讼{}件，具体情况如下。",
                    spec.t4[4],
                    spec.t4[9] + spec.t4[14]
                )));
                blocks.push(Block::Table(TableKind::T4, t4_rows(spec, style, &hdr)));
            }
            5 => {
                let mark = if style.artefacts {
                    "[bookmark: _GoBack]"
                } else {
                    ""
                };
                blocks.push(Block::Para(format!("{mark}本机关政府信息公开工作还存在一些不足：一是公开内容的全面性和及时性有待提高；二是政策解读的形式还不够丰富，解读质量有待提升。")));
                blocks.push(Block::Para(
                    "下一步，本机关将加强业务培训，完善信息发布审核机制，丰富政策解读形式，持续提升政府信息公开工作质量。"
                        .to_owned(),
                ));
            }
            _ => {
                if style.subheadings {
                    blocks.push(Block::Para(w("（一）收取信息处理费情况")));
                }
                blocks.push(Block::Para(format!(
                    "本机关严格执行《政府信息公开信息处理费管理办法》，{y}年未收取信息处理费。本年度无其他需要报告的事项。"
                )));
            }
        }
    }
    if style.chrome {
        blocks.push(Block::Chrome(format!(
            "主办单位:{}办公室 版权所有",
            spec.agency
        )));
        blocks.push(Block::Chrome(
            "网站标识码:1234000001 建议使用1440*768分辨率浏览".to_owned(),
        ));
    }
    for p in &spec.plants {
        apply_plant(&mut blocks, p, spec.format);
    }
    if style.spaced_labels {
        for piece in table_pieces(&mut blocks) {
            if matches!(piece.target, Target::Label(..)) {
                piece.text = space_inside(&piece.text);
            }
        }
    }
    blocks
}

/// Section headings as real reports re-word them, by section: each keeps a word that names its
/// section.
const REWORDED_HEADINGS: [&[&str]; 6] = [
    &["工作概述", "基本情况"],
    &["主动公开政府信息工作情况", "主动公开情况"],
    &["依申请公开情况", "收到和处理政府信息公开申请的情况"],
    &["行政复议、行政诉讼情况", "政府信息公开行政复议和诉讼情况"],
    &["存在的主要问题及下一步工作打算", "存在的问题及整改措施"],
    &["其他事项", "需要报告的其他事项"],
];

/// A label with a space between the two CJK chars nearest its middle, when it has eight chars or
/// more.
fn space_inside(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let cjk = |c: &char| ('\u{4E00}'..='\u{9FFF}').contains(c);
    if chars.len() < 8 {
        return s.to_owned();
    }
    let mid = chars.len() / 2;
    match (mid..chars.len()).find(|&i| cjk(&chars[i - 1]) && cjk(&chars[i])) {
        Some(at) => format!(
            "{} {}",
            chars[..at].iter().collect::<String>(),
            chars[at..].iter().collect::<String>()
        ),
        None => s.to_owned(),
    }
}

/// An amount as some reports write it: with thousands separators, and in the 2019 format (which
/// prints no unit) with the unit 元.
fn decorate_amount(v: &str, format: Format) -> String {
    if v.parse::<f64>().is_err() {
        return v.to_owned();
    }
    let (int, frac) = v.split_once('.').map_or((v, None), |(i, f)| (i, Some(f)));
    let digits: Vec<char> = int.chars().collect();
    let groups: Vec<String> = digits
        .rchunks(3)
        .rev()
        .map(|g| g.iter().collect())
        .collect();
    let grouped = groups.join(",");
    let mut out = match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    };
    if format == Format::F2019 {
        out.push('元');
    }
    out
}

fn header_row(cols: &[&str], hdr: &dyn Fn(&str) -> String) -> Vec<Piece> {
    cols.iter()
        .map(|c| Piece {
            text: hdr(c),
            target: Target::Header,
        })
        .collect()
}

fn t2_rows(
    spec: &ReportSpec,
    style: &Style,
    w: &dyn Fn(&str) -> String,
    hdr: &dyn Fn(&str) -> String,
) -> Vec<Vec<Piece>> {
    let extra = extra_headers();
    let mut rows = Vec::new();
    let mut data = spec.t2.iter();
    for row in table_spec(TableKind::T2, spec.format).rows {
        match row.kind {
            RowKind::Block(cols) => {
                rows.push(vec![Piece {
                    text: w(row.label),
                    target: Target::Label(TableKind::T2, row.key),
                }]);
                let mut labels = vec![extra.info_content];
                labels.extend(cols.iter().map(|c: &ColSpec| c.label));
                rows.push(header_row(&labels, hdr));
            }
            RowKind::Data(_) => {
                let cells = data.next().expect("a value row per data row");
                let mut r = vec![Piece {
                    text: w(row.label),
                    target: Target::Label(TableKind::T2, row.key),
                }];
                let cols = row.columns();
                r.extend(cells.iter().enumerate().map(|(c, v)| {
                    let amount = cols.get(c).is_some_and(|col| col.kind == ValueKind::Amount);
                    let text = if amount && style.decorated_amounts {
                        decorate_amount(v, spec.format)
                    } else {
                        v.clone()
                    };
                    Piece {
                        text,
                        target: Target::Cell(TableKind::T2, row.key, c),
                    }
                }));
                rows.push(r);
            }
            RowKind::Group => rows.push(vec![Piece {
                text: w(row.label),
                target: Target::Label(TableKind::T2, row.key),
            }]),
        }
    }
    rows
}

fn t3_rows(
    spec: &ReportSpec,
    style: &Style,
    w: &dyn Fn(&str) -> String,
    hdr: &dyn Fn(&str) -> String,
) -> Vec<Vec<Piece>> {
    let extra = extra_headers();
    let mut rows = Vec::new();
    let cols: Vec<&str> = T3_COLUMNS.iter().map(|c| c.label).collect();
    rows.push(header_row(&[extra.t3_note, extra.applicant], hdr));
    if style.flat_t3_header {
        let mut linear = vec![cols[0], extra.legal_person, cols[6]];
        linear.extend(&cols[1..6]);
        rows.push(header_row(&linear, hdr));
    } else {
        rows.push(header_row(&[cols[0], extra.legal_person, cols[6]], hdr));
        rows.push(header_row(&cols[1..6], hdr));
    }
    let mut values = spec.t3.iter();
    let mut pending_group: Option<Piece> = None;
    for row in table_spec(TableKind::T3, spec.format).rows {
        let label = Piece {
            text: w(row.label),
            target: Target::Label(TableKind::T3, row.key),
        };
        match row.kind {
            RowKind::Group | RowKind::Block(_) => {
                if let Some(g) = pending_group.take() {
                    rows.push(vec![g]);
                }
                pending_group = Some(label);
            }
            RowKind::Data(_) => {
                let v = values.next().expect("a value row per data row");
                let mut r = Vec::new();
                if let Some(g) = pending_group.take() {
                    if style.share_group_line {
                        r.push(g);
                    } else {
                        rows.push(vec![g]);
                    }
                }
                r.push(label);
                r.extend(v.iter().enumerate().map(|(c, v)| Piece {
                    text: v.to_string(),
                    target: Target::Cell(TableKind::T3, row.key, c),
                }));
                rows.push(r);
            }
        }
    }
    rows
}

fn t4_rows(spec: &ReportSpec, _style: &Style, hdr: &dyn Fn(&str) -> String) -> Vec<Vec<Piece>> {
    let extra = extra_headers();
    let key = table_spec(TableKind::T4, spec.format).rows[0].key;
    let group_cols: Vec<&str> = T4_COLUMNS[..5].iter().map(|c| c.label).collect();
    let mut second = group_cols.clone();
    second.push(T4_GROUPS[1].1);
    second.push(T4_GROUPS[2].1);
    let third: Vec<&str> = T4_COLUMNS[5..].iter().map(|c| c.label).collect();
    vec![
        header_row(&[T4_GROUPS[0].1, extra.litigation], hdr),
        header_row(&second, hdr),
        header_row(&third, hdr),
        spec.t4
            .iter()
            .enumerate()
            .map(|(c, v)| Piece {
                text: v.to_string(),
                target: Target::Cell(TableKind::T4, key, c),
            })
            .collect(),
    ]
}

fn apply_plant(blocks: &mut Vec<Block>, p: &Plant, format: Format) {
    match p {
        Plant::ChangeCell { .. }
        | Plant::Year(_)
        | Plant::FinishedClaim
        | Plant::NarrativeFigure { .. } => {}
        Plant::CutTable { table, after } => {
            for b in blocks.iter_mut() {
                let Block::Table(kind, rows) = b else {
                    continue;
                };
                if kind != table {
                    continue;
                }
                let cut = Plant::cut_rows(*table, format, after);
                let is_cut = |p: &Piece| matches!(p.target, Target::Label(_, k) | Target::Cell(_, k, _) if cut.contains(&k));
                // The paste stops at the first piece of a row after `after`: what stands before it
                // on its line stays, the lines after it go.
                if let Some(i) = rows.iter().position(|r| r.iter().any(is_cut)) {
                    rows.truncate(i + 1);
                    let at = rows[i].iter().position(is_cut).expect("found above");
                    rows[i].truncate(at);
                    rows.retain(|r| !r.is_empty());
                }
            }
        }
        Plant::MergeRow { table, row } => {
            for b in blocks.iter_mut() {
                let Block::Table(_, rows) = b else { continue };
                let Some(i) = rows
                    .iter()
                    .position(|r| r.iter().any(|p| p.target == Target::Label(*table, row)))
                else {
                    continue;
                };
                rows[i].retain(|p| p.target != Target::Label(*table, row));
                // A group label sharing the row's line keeps its values after it; else the values
                // go at the end of the line above.
                let alone = rows[i].iter().all(|p| matches!(p.target, Target::Cell(..)));
                if alone && i > 0 {
                    let cells = rows.remove(i);
                    rows[i - 1].extend(cells);
                }
            }
        }
        Plant::SetCell {
            table,
            row,
            col,
            text,
        } => {
            for piece in table_pieces(blocks) {
                if piece.target == Target::Cell(*table, row, *col) {
                    piece.text = text.clone();
                }
            }
        }
        Plant::TypoLabel { table, row, at } => {
            for piece in table_pieces(blocks) {
                if piece.target == Target::Label(*table, row) {
                    piece.text = piece
                        .text
                        .chars()
                        .enumerate()
                        .filter(|(i, _)| i != at)
                        .map(|(_, c)| c)
                        .collect();
                }
            }
        }
        Plant::SetLabel { table, row, text } => {
            for piece in table_pieces(blocks) {
                if piece.target == Target::Label(*table, row) {
                    piece.text = text.clone();
                }
            }
        }
        Plant::DropRow { table, row } => {
            for b in blocks.iter_mut() {
                if let Block::Table(_, rows) = b {
                    for r in rows.iter_mut() {
                        r.retain(
                            |p| !matches!(p.target, Target::Label(t, k) | Target::Cell(t, k, _) if t == *table && k == *row),
                        );
                    }
                    rows.retain(|r| !r.is_empty());
                }
            }
        }
        Plant::DropHeading { section } => {
            blocks.retain(|b| !matches!(b, Block::Heading(id, _) if id == section))
        }
        Plant::TypoHeading { section, at } => {
            for b in blocks.iter_mut() {
                if let Block::Heading(id, text) = b {
                    if id == section {
                        // The numbering ends with its separator: 、 . ） or the space of `第一部分 `.
                        let numbering = text
                            .chars()
                            .position(|c| matches!(c, '、' | '.' | ' ' | '）' | ')'))
                            .map_or(0, |p| p + 1);
                        *text = text
                            .chars()
                            .enumerate()
                            .filter(|(i, _)| *i != numbering + at)
                            .map(|(_, c)| c)
                            .collect();
                    }
                }
            }
        }
        Plant::DropCell { table, row, col } => {
            for b in blocks.iter_mut() {
                if let Block::Table(_, rows) = b {
                    for r in rows.iter_mut() {
                        for p in r
                            .iter_mut()
                            .filter(|p| p.target == Target::Cell(*table, row, *col))
                        {
                            *p = Piece {
                                text: String::new(),
                                target: Target::Dropped,
                            };
                        }
                    }
                }
            }
        }
        Plant::ExtraCell { table, row, text } => {
            if let Some(r) = row_of(blocks, *table, row) {
                r.push(Piece {
                    text: text.clone(),
                    target: Target::Extra(*table, row),
                });
            }
        }
        Plant::DuplicateRow { table, row } => {
            for b in blocks.iter_mut() {
                if let Block::Table(_, rows) = b {
                    let Some(i) = rows
                        .iter()
                        .position(|r| r.iter().any(|p| p.target == Target::Label(*table, row)))
                    else {
                        continue;
                    };
                    let copy: Vec<Piece> = rows[i]
                        .iter()
                        .filter_map(|p| match p.target {
                            Target::Label(t, k) if k == *row => Some(Piece {
                                text: p.text.clone(),
                                target: Target::OtherLabel(t, k),
                            }),
                            Target::Cell(t, k, c) if k == *row => Some(Piece {
                                text: p.text.clone(),
                                target: Target::OtherCell(t, k, c),
                            }),
                            _ => None,
                        })
                        .collect();
                    rows.insert(i + 1, copy);
                }
            }
        }
        Plant::ExtraRow {
            table,
            after,
            label,
            values,
        } => {
            for b in blocks.iter_mut() {
                if let Block::Table(_, rows) = b {
                    let Some(i) = rows
                        .iter()
                        .position(|r| r.iter().any(|p| p.target == Target::Label(*table, after)))
                    else {
                        continue;
                    };
                    let mut r = vec![Piece {
                        text: label.clone(),
                        target: Target::OtherLabel(*table, after),
                    }];
                    r.extend(values.iter().map(|v| Piece {
                        text: v.clone(),
                        target: Target::Extra(*table, after),
                    }));
                    rows.insert(i + 1, r);
                }
            }
        }
    }
}

/// The visual row that holds row `key`'s values (its label's row, or table 四's row of values).
fn row_of<'a>(blocks: &'a mut [Block], table: TableKind, key: &str) -> Option<&'a mut Vec<Piece>> {
    blocks.iter_mut().find_map(|b| match b {
        Block::Table(_, rows) => rows.iter_mut().find(|r| {
            r.iter().any(|p| matches!(p.target, Target::Label(t, k) | Target::Cell(t, k, _) if t == table && k == key))
        }),
        _ => None,
    })
}

fn table_pieces(blocks: &mut [Block]) -> impl Iterator<Item = &mut Piece> {
    blocks.iter_mut().flat_map(|b| match b {
        Block::Table(_, rows) => rows
            .iter_mut()
            .flat_map(|r| r.iter_mut())
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    })
}

// ---- Rendering ----------------------------------------------------------------------------------

struct Out {
    text: String,
    spans: Vec<Span>,
    /// Where the text of the last piece ended.
    last_end: usize,
}

impl Out {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// Writes a piece, recording its span; `pad` goes before the text, `after` (padding and
    /// separator) after it, and both belong to the piece's slot.
    fn piece(&mut self, p: &Piece, pad: &str, after: &str) {
        // A slot starts where the previous piece on the same line ended, so that it takes in the
        // padding on both sides of a cell.
        let here = self.text.len();
        let slot_start = if self.text[self.last_end.min(here)..].contains('\n') {
            here
        } else {
            self.last_end.min(here)
        };
        self.text.push_str(pad);
        let start = self.text.len();
        self.text.push_str(&p.text);
        let end = self.text.len();
        self.last_end = end;
        self.text.push_str(after);
        self.spans.push(Span {
            target: p.target,
            text: TextRange::new(start, end),
            slot: TextRange::new(slot_start, self.text.len()),
        });
    }
}

/// Renders a report in a layout and style.
pub fn render(spec: &ReportSpec, layout: Layout, style: &Style) -> String {
    render_with_spans(spec, layout, style).text
}

/// Renders a report and says where each heading, label and cell is.
pub fn render_with_spans(spec: &ReportSpec, layout: Layout, style: &Style) -> Rendered {
    let blocks = build(spec, style);
    render_blocks(&blocks, layout, style)
}

/// Renders a built document.
pub fn render_blocks(blocks: &[Block], layout: Layout, style: &Style) -> Rendered {
    let mut rng = Rng::new(style.pad_seed);
    let mut out = Out {
        text: String::new(),
        spans: Vec::new(),
        last_end: 0,
    };
    let blank_between = matches!(layout, Layout::BlankLineCells);
    // The title, as a page's running header repeats it (see [`Style::page_headers`]).
    let title = blocks
        .iter()
        .find_map(|b| {
            if let Block::Title(s) = b {
                Some(s.clone())
            } else {
                None
            }
        })
        .unwrap_or_default();
    for b in blocks {
        match b {
            Block::Chrome(s) => out.line(s),
            Block::Title(s) => {
                if layout == Layout::Markdown {
                    out.push("# ");
                }
                out.piece(
                    &Piece {
                        text: s.clone(),
                        target: Target::Title,
                    },
                    "",
                    "\n",
                );
            }
            Block::Heading(id, s) => {
                if layout == Layout::Markdown {
                    out.push("## ");
                }
                out.piece(
                    &Piece {
                        text: s.clone(),
                        target: Target::Heading(*id),
                    },
                    "",
                    "\n",
                );
                if blank_between {
                    out.push("\n");
                }
            }
            Block::Para(s) => {
                out.line(s);
                if blank_between || layout == Layout::Markdown {
                    out.push("\n");
                }
            }
            Block::Table(kind, rows) => {
                render_table(&mut out, *kind, rows, layout, style, &mut rng, &title)
            }
        }
    }
    if style.crlf {
        return to_crlf(&out.text, &out.spans);
    }
    Rendered {
        text: out.text,
        spans: out.spans,
    }
}

/// The same text with `\r\n` line breaks, and its spans moved along.
fn to_crlf(text: &str, spans: &[Span]) -> Rendered {
    // `shift[i]` is how many `\r` are inserted before byte `i`.
    let mut shift = Vec::with_capacity(text.len() + 1);
    let mut n = 0;
    for b in text.bytes() {
        shift.push(n);
        if b == b'\n' {
            n += 1;
        }
    }
    shift.push(n);
    let at = |i: usize| i + shift[i];
    let map = |r: TextRange| TextRange::new(at(r.start), at(r.end));
    Rendered {
        text: text.replace('\n', "\r\n"),
        spans: spans
            .iter()
            .map(|s| Span {
                target: s.target,
                text: map(s.text),
                slot: map(s.slot),
            })
            .collect(),
    }
}

/// Splits a long header in two lines (`本年新` / `制作数量`) when the style asks for it.
fn broken(s: &str, style: &Style) -> Option<(String, String)> {
    // Table 三's note breaks after its first comma (seed 002).
    if let Some(at) = s.find(['，', ',']).filter(|_| style.broken_headers) {
        let comma = s[at..].chars().next().map_or(0, char::len_utf8);
        return Some((s[..at + comma].to_owned(), s[at + comma..].to_owned()));
    }
    let chars: Vec<char> = s.chars().filter(|c| *c != ' ').collect();
    if !style.broken_headers
        || chars.len() < 6
        || !chars.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
    {
        return None;
    }
    let mid = 3;
    Some((chars[..mid].iter().collect(), chars[mid..].iter().collect()))
}

/// How a label broken over two lines is laid out (see [`Style::broken_labels`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    /// The first part alone on its line (`padded`: followed by the row's empty cells, as a
    /// converter that keeps the column count writes it), the rest on the next line with the values.
    RestFirst { padded: bool },
    /// The first part and the values on a line, the rest of the label alone on the next line.
    ValuesFirst,
}

/// A label broken in two (`（四）无` / `法提供`): at its space when it has one (see
/// [`Style::spaced_labels`]), else between two CJK chars near the middle of the text after its
/// numbering.
fn split_label(text: &str) -> Option<(String, String)> {
    if let Some((a, b)) = text.split_once(' ') {
        return Some((a.to_owned(), b.to_owned()));
    }
    let chars: Vec<char> = text.chars().collect();
    let numbering = match chars.first() {
        Some('（' | '(') => chars
            .iter()
            .position(|c| matches!(c, '）' | ')'))
            .map_or(0, |i| i + 1),
        _ if chars.get(1).is_some_and(|c| matches!(c, '、' | '.')) => 2,
        _ => 0,
    };
    let cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    let mid = numbering + (chars.len() - numbering) / 2;
    let at = (numbering + 1..chars.len())
        .filter(|&i| cjk(chars[i - 1]) && cjk(chars[i]))
        .min_by_key(|&i| i.abs_diff(mid))?;
    Some((chars[..at].iter().collect(), chars[at..].iter().collect()))
}

/// Whether `text` is the catalog's label of row `key` (full- or half-width, spaces aside): a label
/// changed by a plant is never broken, since only an exact label is joined across lines.
fn is_catalog_label(kind: TableKind, key: &str, text: &str) -> bool {
    let text: String = text.chars().filter(|c| *c != ' ').collect();
    Format::ALL
        .iter()
        .filter_map(|f| table_spec(kind, *f).row(key))
        .any(|(_, r)| r.label == text || half_width(r.label) == text)
}

/// The break of row `r`'s label, when [`Style::broken_labels`] picks it: a row of table 三 whose
/// label is its first piece and, for a data row, whose values are its own and complete.
fn label_break(
    kind: TableKind,
    r: &[Piece],
    layout: Layout,
    style: &Style,
    rng: &mut Rng,
) -> Option<(String, String, Break)> {
    if !style.broken_labels || kind != TableKind::T3 {
        return None;
    }
    let Target::Label(_, key) = r.first()?.target else {
        return None;
    };
    let cells = r.len() - 1;
    let own = r[1..]
        .iter()
        .all(|p| matches!(p.target, Target::Cell(_, k, _) if k == key));
    let n_cols = Format::ALL
        .iter()
        .find_map(|f| table_spec(kind, *f).row(key))
        .map_or(0, |(_, rs)| rs.columns().len());
    let is_data = cells > 0;
    // FIXME: in rows with web-page filler, the reader misreads a broken label whose values have
    // blanks among them or are all blank (`2.没有现成信 | | … | |||` / `息需要另行制作`: a row of no values):
    // only rows without a blank are broken.
    let no_blank = r[1..].iter().all(|p| !p.text.trim().is_empty());
    if !own
        || (is_data && cells != n_cols)
        || !no_blank
        || !is_catalog_label(kind, key, &r[0].text)
        || !rng.chance(0.25)
    {
        return None;
    }
    let (a, b) = split_label(&r[0].text)?;
    // The shapes of cascades.rs that each layout's conversions produce: a spreadsheet keeps its
    // empty cells; one cell per line, the parts are two lines before the values.
    let shape = match layout {
        Layout::RowPipe | Layout::Markdown => *rng.pick(&[
            Break::RestFirst { padded: false },
            Break::RestFirst { padded: true },
            Break::ValuesFirst,
        ]),
        Layout::SpreadsheetTabs => Break::RestFirst { padded: true },
        Layout::PdfSpaces => *rng.pick(&[Break::RestFirst { padded: false }, Break::ValuesFirst]),
        Layout::CellPerLinePipe | Layout::BlankLineCells | Layout::TabIndented => {
            Break::RestFirst { padded: false }
        }
    };
    let shape = if shape == Break::ValuesFirst && !is_data {
        Break::RestFirst { padded: false }
    } else {
        shape
    };
    Some((a, b, shape))
}

fn render_table(
    out: &mut Out,
    kind: TableKind,
    rows: &[Vec<Piece>],
    layout: Layout,
    style: &Style,
    rng: &mut Rng,
    title: &str,
) {
    let is_header_row = |r: &[Piece]| r.iter().all(|p| p.target == Target::Header);
    // A page break somewhere inside a long table, as PDF and word-processor extractions leave them.
    let page_break = (style.artefacts
        && matches!(
            layout,
            Layout::PdfSpaces
                | Layout::TabIndented
                | Layout::CellPerLinePipe
                | Layout::BlankLineCells
        )
        && rows.len() > 8)
        .then(|| 4 + rng.below(rows.len() as u64 - 6) as usize);
    let width = rows.iter().map(Vec::len).max().unwrap_or(0) + 1 + rng.below(2) as usize;
    // The options added since drive their own generator, so that texts without them stay as they
    // were.
    let mut more = Rng::new(style.pad_seed ^ 0xB4EA_5CA1);
    let header_rows = rows.iter().take_while(|r| is_header_row(r)).count();
    // A page break inside table 三 with the next page's running header and the table's header
    // repeated.
    let new_page = (style.page_headers && kind == TableKind::T3 && rows.len() > header_rows + 2)
        .then(|| header_rows + 1 + more.below((rows.len() - header_rows - 2) as u64) as usize);
    let (lead, end) = match layout {
        Layout::CellPerLinePipe => ("", " |"),
        Layout::TabIndented => ("\t", ""),
        _ => ("", ""),
    };
    for (ri, r) in rows.iter().enumerate() {
        if page_break == Some(ri) {
            // A note or a cut-off line of the page, then its footer, each on a line of its own
            // written as the layout writes a cell.
            if rng.chance(0.5) {
                let note = *rng.pick(&["注：本表数据截至12月31日", "（续表）", "单位：件"]);
                out.line(&format!("{lead}{note}{end}"));
                if layout == Layout::BlankLineCells {
                    out.push("\n");
                }
            }
            let n = 2 + rng.below(8);
            let page = if rng.chance(0.5) {
                format!("- {n} -")
            } else {
                format!("第 {n} 页")
            };
            // A page footer stays outside the table's cells, or is pasted as one of them (`第 3 页
            // |`).
            let end = if rng.chance(0.5) { end } else { "" };
            out.line(&format!("{lead}{page}{end}"));
            if layout == Layout::BlankLineCells {
                out.push("\n");
            }
        }
        if new_page == Some(ri) {
            let footer = more.chance(0.7);
            let running = more.chance(0.5);
            let repeat = more.chance(0.6) || !(footer || running);
            let blank = if layout == Layout::BlankLineCells {
                "\n"
            } else {
                ""
            };
            if footer {
                let n = 2 + more.below(8);
                let page = if more.chance(0.5) {
                    format!("- {n} -")
                } else {
                    format!("第 {n} 页")
                };
                out.line(&format!("{page}{blank}"));
            }
            if running {
                out.line(&format!("{}{blank}", title.replace('\n', "")));
            }
            if repeat {
                for h in &rows[..header_rows] {
                    render_row(out, kind, h, None, layout, style, rng, width, false, false);
                }
            }
        }
        let next_is_header = rows.get(ri + 1).is_some_and(|n| is_header_row(n));
        let brk = label_break(kind, r, layout, style, &mut more);
        render_row(
            out,
            kind,
            r,
            brk,
            layout,
            style,
            rng,
            width,
            ri == 0,
            next_is_header,
        );
    }
    if layout.is_row_layout() {
        out.push("\n");
    }
}

/// Writes one visual row of a table (`first`: the table's first row, under which Markdown draws its
/// rule; `next_is_header`: the row is followed by header rows, as a block title of table 二 is).
#[allow(clippy::too_many_arguments)]
fn render_row(
    out: &mut Out,
    kind: TableKind,
    r: &[Piece],
    brk: Option<(String, String, Break)>,
    layout: Layout,
    style: &Style,
    rng: &mut Rng,
    width: usize,
    first: bool,
    next_is_header: bool,
) {
    let is_header_row = |r: &[Piece]| r.iter().all(|p| p.target == Target::Header);
    // A dropped cell is not written, but the row keeps the width it was pasted with.
    let template = r.len();
    let kept: Vec<Piece> = r
        .iter()
        .filter(|p| p.target != Target::Dropped)
        .cloned()
        .collect();
    let mut r = kept;
    let values = r.len().saturating_sub(1);
    // A broken label: its first piece written with the line break and padding inside it (the
    // reader's label then reaches from the first part to the rest), or only its first part, the
    // rest following the row's line.
    let mut rest_after: Option<String> = None;
    // A line that a converter pads to the row's width: the label's cell and as many empty cells as
    // the row has values, then the filler a web page's rows have (see `Style::fillers`).
    let filler = if style.fillers {
        format!(" {}", "|".repeat(width + 1 - template))
    } else {
        String::new()
    };
    if let Some((a, b, shape)) = &brk {
        let pad_cells = |sep: &str| sep.repeat(values.max(1));
        let pipes = format!("{}{filler}", " |".repeat(values + 1));
        r[0].text = match (layout, shape) {
            (_, Break::ValuesFirst) => {
                rest_after = Some(b.clone());
                a.clone()
            }
            (Layout::RowPipe, Break::RestFirst { padded }) => {
                format!(
                    "{a}{}\n{b}",
                    if *padded {
                        pipes.clone()
                    } else {
                        format!(" |{filler}")
                    }
                )
            }
            (Layout::Markdown, Break::RestFirst { padded }) => {
                format!("{a}{}\n| {b}", if *padded { &pipes } else { " |" })
            }
            (Layout::SpreadsheetTabs, _) => format!("{a}{}\n{b}", pad_cells("\t")),
            (Layout::PdfSpaces, _) => format!("{a}\n{b}"),
            (Layout::CellPerLinePipe, _) => format!("{a} |\n{b}"),
            (Layout::BlankLineCells, _) => format!("{a}\n\n{b}"),
            (Layout::TabIndented, _) => format!("{a}\n\t{b}"),
        };
    }
    let r = &r;
    let is_block = r.len() == 1
        && matches!(r[0].target, Target::Label(TableKind::T2, _))
        && kind == TableKind::T2
        && next_is_header;
    match layout {
        Layout::CellPerLinePipe => {
            for p in r {
                if p.target == Target::Header {
                    if let Some((a, b)) = broken(&p.text, style) {
                        // Seed 003 keeps both halves on one line with a space.
                        out.piece(
                            &Piece {
                                text: format!("{a} {b}"),
                                target: p.target,
                            },
                            "",
                            " |\n",
                        );
                        continue;
                    }
                }
                // An empty cell is a line of its separator, or a blank line (table 四's, whose blank
                // lines after its last value cannot be told from the space after the table, keep
                // theirs).
                let after = if !p.text.is_empty() {
                    " |\n"
                } else if kind == TableKind::T4 || style.fillers {
                    "|\n"
                } else {
                    "\n"
                };
                out.piece(p, "", after);
            }
            if style.fillers && (is_block || (kind == TableKind::T3 && first)) {
                out.line("|||");
            }
        }
        Layout::RowPipe => {
            let n = r.len();
            for (i, p) in r.iter().enumerate() {
                let after = if i + 1 == n { " |" } else { " | " };
                let pad = if p.text.is_empty() { " " } else { "" };
                out.piece(p, pad, after);
            }
            if style.fillers || is_block {
                // A table pasted from a web page keeps its number of cells on every line: the
                // filler pads each row to the widest row plus one or two.
                out.push(&format!(" {}", "|".repeat(width + 1 - template)));
            }
            out.push("\n");
        }
        Layout::Markdown => {
            out.push("|");
            for p in r {
                let pad = if p.text.is_empty() { "  " } else { " " };
                out.piece(p, pad, " |");
            }
            out.push("\n");
            if first {
                out.line(&format!("|{}", "---|".repeat(r.len().max(2))));
            }
        }
        Layout::SpreadsheetTabs => {
            let n = r.len();
            for (i, p) in r.iter().enumerate() {
                out.piece(p, "", if i + 1 == n { "" } else { "\t" });
            }
            out.push("\n");
        }
        Layout::PdfSpaces => {
            let n = r.len();
            for (i, p) in r.iter().enumerate() {
                let sep = if i + 1 == n {
                    ""
                } else if p.is_value() && rng.chance(0.3) {
                    "  "
                } else {
                    " "
                };
                out.piece(p, "", sep);
            }
            out.push("\n");
        }
        Layout::BlankLineCells => {
            for p in r {
                if p.target == Target::Header {
                    if let Some((a, b)) = broken(&p.text, style) {
                        out.piece(
                            &Piece {
                                text: format!("{a}\n\n{b}"),
                                target: p.target,
                            },
                            "",
                            "\n\n",
                        );
                        continue;
                    }
                }
                let pad = if p.is_value() {
                    *rng.pick(&["", "", " ", "  ", "\u{a0} "])
                } else {
                    ""
                };
                out.piece(p, pad, "\n\n");
            }
        }
        Layout::TabIndented => {
            for p in r {
                if p.target == Target::Header {
                    if let Some((a, b)) = broken(&p.text, style) {
                        out.piece(
                            &Piece {
                                text: format!("{a}\n{b}"),
                                target: p.target,
                            },
                            "\t",
                            "\n",
                        );
                        continue;
                    }
                }
                let after = if p.is_value() && !p.text.is_empty() {
                    "\u{a0}\n"
                } else {
                    "\n"
                };
                out.piece(p, "\t", after);
            }
            if style.fillers && is_header_row(r) {
                out.line("\t");
            }
            out.push("\n");
        }
    }
    if let Some(rest) = rest_after {
        match layout {
            Layout::RowPipe => out.line(&format!("{rest}{}{filler}", " |".repeat(values + 1))),
            Layout::Markdown => out.line(&format!("| {rest}{}", " |".repeat(values + 1))),
            _ => out.line(&rest),
        }
    }
}
