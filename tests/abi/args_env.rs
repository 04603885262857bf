// args_env.rs: std::env::args / std::env::vars see the argv and envp the
// kernel placed on the initial stack (execve(2)). The harness passes one
// argument (the guest path) and exactly HOME, PATH, TERM, LVTEST.
// argv[0] is printed as its basename only; vars are printed sorted.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    println!("args count: {}", args.len());
    let base = args[0].rsplit('/').next().unwrap_or("");
    println!("argv[0] basename: {}", base);
    println!("argv[0] absolute: {}", if args[0].starts_with('/') { "yes" } else { "no" });
    let mut vars: Vec<(String, String)> = std::env::vars().collect();
    vars.sort();
    for (k, v) in &vars {
        println!("{}={}", k, v);
    }
    println!("var count: {}", vars.len());
    println!("LVTEST: {:?}", std::env::var("LVTEST").ok());
    println!("done");
}
