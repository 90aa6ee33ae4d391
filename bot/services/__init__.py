"""Use cases. A service opens one unit of work, calls domain and repositories, commits once."""
