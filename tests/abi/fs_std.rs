// fs_std.rs: Rust's std::fs on a tmpfs, as a program would use it:
// create_dir_all, write and read back, OpenOptions combinations, metadata
// and permissions, rename over files and directories, remove_file,
// remove_dir_all of a deep tree, read_dir (sorted before printing),
// canonicalize through symlinks, hard_link, symlink_metadata, set_len,
// seek, fs::copy of a 10 MiB file. Errors print as their io::ErrorKind.
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};

fn kind<T>(r: std::io::Result<T>) -> String {
    match r {
        Ok(_) => "ok".to_string(),
        Err(e) => format!("{:?}", e.kind()),
    }
}

fn main() {
    let base = "/tmp/fs_std";
    let _ = fs::remove_dir_all(base);
    println!("create_dir_all: {}", kind(fs::create_dir_all(format!("{}/a/b/c", base))));
    println!("create_dir existing: {}", kind(fs::create_dir(format!("{}/a", base))));
    let f1 = format!("{}/a/b/c/hello.txt", base);
    println!("write: {}", kind(fs::write(&f1, b"hello, files\n")));
    println!("read: {:?}", fs::read_to_string(&f1).unwrap());
    let md = fs::metadata(&f1).unwrap();
    println!("len {} file {} dir {} nlink {}", md.len(), md.is_file(), md.is_dir(), md.nlink());
    println!("mode {:o}", md.permissions().mode());
    let mut p = md.permissions();
    p.set_mode(0o600);
    println!("set_permissions: {}", kind(fs::set_permissions(&f1, p)));
    println!("mode now {:o}", fs::metadata(&f1).unwrap().permissions().mode());

    // OpenOptions
    let f2 = format!("{}/opts", base);
    println!("open missing: {}", kind(File::open(&f2)));
    println!("create_new: {}", kind(OpenOptions::new().write(true).create_new(true).open(&f2)));
    println!("create_new again: {}", kind(OpenOptions::new().write(true).create_new(true).open(&f2)));
    {
        let mut f = OpenOptions::new().append(true).open(&f2).unwrap();
        f.write_all(b"one ").unwrap();
        f.write_all(b"two").unwrap();
    }
    println!("appended: {:?}", fs::read_to_string(&f2).unwrap());
    {
        let mut f = OpenOptions::new().read(true).write(true).open(&f2).unwrap();
        f.seek(SeekFrom::Start(4)).unwrap();
        f.write_all(b"TWO").unwrap();
        f.seek(SeekFrom::Start(0)).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        println!("seek+write: {:?}", s);
        println!("set_len 3: {}", kind(f.set_len(3)));
        println!("set_len 8192: {}", kind(f.set_len(8192)));
        println!("len {}", f.metadata().unwrap().len());
    }
    println!("truncate open: {}", kind(OpenOptions::new().write(true).truncate(true).open(&f2)));
    println!("len after truncate {}", fs::metadata(&f2).unwrap().len());

    // links
    let l = format!("{}/link", base);
    println!("symlink: {}", kind(std::os::unix::fs::symlink("a/b", &l)));
    println!("symlink_metadata is symlink: {}", fs::symlink_metadata(&l).unwrap().file_type().is_symlink());
    println!("read_link: {:?}", fs::read_link(&l).unwrap());
    println!("canonicalize: {:?}", fs::canonicalize(format!("{}/link/c/../c/./hello.txt", base)).unwrap());
    let h = format!("{}/hard", base);
    println!("hard_link: {}", kind(fs::hard_link(&f1, &h)));
    println!("nlink {}", fs::metadata(&f1).unwrap().nlink());

    // rename
    println!("rename file: {}", kind(fs::rename(&h, format!("{}/hard2", base))));
    println!("rename over file: {}", kind(fs::rename(format!("{}/hard2", base), &f2)));
    println!("opts now: {:?}", fs::read_to_string(&f2).unwrap());
    fs::create_dir(format!("{}/empty", base)).unwrap();
    println!("rename dir over empty dir: {}", kind(fs::rename(format!("{}/a/b/c", base), format!("{}/empty", base))));
    println!("rename dir over non-empty: {}", kind(fs::rename(format!("{}/a", base), format!("{}/empty", base))));

    // read_dir
    let mut names: Vec<String> = fs::read_dir(base)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            format!("{} {}", e.file_name().to_string_lossy(), if e.file_type().unwrap().is_dir() { "dir" } else { "other" })
        })
        .collect();
    names.sort();
    println!("read_dir: {:?}", names);

    // deep tree
    let mut deep = format!("{}/deep", base);
    for i in 0..30 {
        deep.push_str(&format!("/level{}", i));
    }
    println!("deep create_dir_all: {}", kind(fs::create_dir_all(&deep)));
    for i in 0..5 {
        fs::write(format!("{}/f{}", deep, i), vec![b'x'; 5000]).unwrap();
    }

    // copy
    let big = format!("{}/big", base);
    let data: Vec<u8> = (0..10u32 * 1024 * 1024).map(|i| (i * 31 % 251) as u8).collect();
    fs::write(&big, &data).unwrap();
    println!("copy: {:?}", fs::copy(&big, format!("{}/big2", base)).map_err(|e| e.kind()));
    println!("copy identical: {}", fs::read(format!("{}/big2", base)).unwrap() == data);

    println!("remove_file: {}", kind(fs::remove_file(&f2)));
    println!("remove_file missing: {}", kind(fs::remove_file(&f2)));
    println!("remove_dir non-empty: {}", kind(fs::remove_dir(format!("{}/deep", base))));
    println!("remove_dir_all: {}", kind(fs::remove_dir_all(base)));
    println!("exists after: {}", fs::metadata(base).is_ok());

    // a temp-dir workflow
    let tmp = std::env::temp_dir().join("fs_std_tmp");
    fs::create_dir_all(&tmp).unwrap();
    fs::write(tmp.join("x"), "1").unwrap();
    fs::rename(tmp.join("x"), tmp.join("y")).unwrap();
    println!("temp dir: {:?}", fs::read_to_string(tmp.join("y")).unwrap());
    fs::remove_dir_all(&tmp).unwrap();
    println!("done");
}
