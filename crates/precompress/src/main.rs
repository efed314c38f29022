//! `crm-precompress FILE...` writes `FILE.br` (brotli, quality 11) and `FILE.gz` (gzip, level 9)
//! beside each file, so the server sends the web app compressed once at build time, at the
//! highest ratio, instead of compressing it on the fly for every download. A copy that would
//! not be smaller than the file is not written (and an old one is removed).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

fn main() -> anyhow::Result<()> {
    let files: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    anyhow::ensure!(!files.is_empty(), "usage: crm-precompress FILE...");
    for file in &files {
        let data = fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        write_if_smaller(file, "br", &data, &brotli(&data)?)?;
        write_if_smaller(file, "gz", &data, &gzip(&data)?)?;
    }
    Ok(())
}

fn brotli(data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 3);
    {
        // Quality 11, a 4 MiB window (lgwin 22): the densest setting browsers decode.
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(data)?;
        writer.flush()?;
    }
    Ok(out)
}

fn gzip(data: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 2),
        flate2::Compression::best(),
    );
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

fn write_if_smaller(file: &Path, ext: &str, data: &[u8], packed: &[u8]) -> anyhow::Result<()> {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    let target = PathBuf::from(name);
    if packed.len() < data.len() {
        fs::write(&target, packed).with_context(|| format!("writing {}", target.display()))?;
        println!(
            "{} {} -> {} bytes",
            target.display(),
            data.len(),
            packed.len()
        );
    } else if target.exists() {
        fs::remove_file(&target).with_context(|| format!("removing {}", target.display()))?;
    }
    Ok(())
}
