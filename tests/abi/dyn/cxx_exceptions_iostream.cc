// cxx_exceptions_iostream: a C++ program linked against libstdc++.so and
// libgcc_s.so: exceptions thrown through several frames and caught by type
// (unwinding reads .eh_frame_hdr through dl_iterate_phdr), a rethrow, a
// destructor run during unwinding, iostreams to cout, std::string, std::map
// and std::sort, and a static object's constructor (its destructor runs
// after "done" and so stays quiet).
#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

struct Tracer {
	std::string name;
	bool quiet_destroy;
	explicit Tracer(std::string n, bool quiet = false) : name(std::move(n)), quiet_destroy(quiet)
	{
		std::cout << "construct " << name << "\n";
	}
	~Tracer()
	{
		if (!quiet_destroy)
			std::cout << "destroy " << name << "\n";
	}
};

static Tracer global_tracer("global", true);

[[noreturn]] static void deep_throw(int depth)
{
	Tracer local("frame " + std::to_string(depth));
	if (depth == 0)
		throw std::runtime_error("thrown at depth 0");
	deep_throw(depth - 1);
}

struct CustomError {
	int code;
};

int main()
{
	try {
		deep_throw(2);
	} catch (const std::exception &e) {
		std::cout << "caught std::exception: " << e.what() << "\n";
	}
	try {
		try {
			throw CustomError{42};
		} catch (CustomError &) {
			std::cout << "rethrowing\n";
			throw;
		}
	} catch (const CustomError &e) {
		std::cout << "caught CustomError " << e.code << "\n";
	}
	try {
		std::vector<int> v(3);
		(void)v.at(10);
	} catch (const std::out_of_range &) {
		std::cout << "caught out_of_range\n";
	}
	std::vector<std::string> words{"pear", "apple", "fig", "banana"};
	std::sort(words.begin(), words.end());
	std::map<std::string, size_t> lengths;
	for (const auto &w : words)
		lengths[w] = w.size();
	std::ostringstream joined;
	for (const auto &kv : lengths)
		joined << kv.first << "=" << kv.second << " ";
	std::cout << joined.str() << "\n";
	std::cout << std::hex << 255 << std::dec << " " << 3.5 << "\n";
	std::cout << "done" << std::endl;
	return 0;
}
