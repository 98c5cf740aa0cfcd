"""Users, their roles held per agency, the one scoping function, and login lockout."""
