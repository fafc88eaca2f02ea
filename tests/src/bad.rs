//! Inputs OrderDock must refuse with exit 2 and one clear line.

use std::path::{Path, PathBuf};

use crate::formats::{ole, xls, xlsx, zip_of};
use crate::grid::{Grid, V};

/// Every bad input, written into `dir`: (what it is, path).
pub fn all(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let put = |name: &str, bytes: Vec<u8>| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let small = Grid::new(vec![vec![V::Text("订单编号".into())], vec![V::Id("1001".into())]]);

    let good = dir.join("good.xlsx");
    xlsx(&small, &good);
    let bytes = std::fs::read(&good).unwrap();
    std::fs::remove_file(&good).unwrap();

    let docx = zip_of(
        &[
            ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_vec()),
            ("word/document.xml", br#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>order</w:t></w:r></w:p></w:body></w:document>"#.to_vec()),
        ],
        false,
    );
    // What Excel writes for a password-protected workbook: an OLE file with these two streams.
    let encrypted = ole(&[("/EncryptionInfo", [4u8, 0, 4, 0, 0x40, 0, 0, 0].repeat(64)), ("/EncryptedPackage", noise(8192, 7))]);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    png.extend(noise(200, 3));
    let mut junk = noise(3000, 11);
    junk.extend([0u8; 64]);

    vec![
        ("empty file", put("empty.xlsx", vec![])),
        ("truncated xlsx", put("truncated.xlsx", bytes[..bytes.len() / 2].to_vec())),
        ("random bytes", put("random.xlsx", noise(5000, 5))),
        ("password-protected xlsx", put("locked.xlsx", encrypted)),
        ("xls with FILEPASS", put("locked.xls", xls(&small, true))),
        ("renamed docx", put("letter.xlsx", docx)),
        ("PNG renamed xlsx", put("picture.xlsx", png)),
        ("binary junk renamed csv", put("junk.csv", junk)),
    ]
}

/// Deterministic pseudo-random bytes.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}
