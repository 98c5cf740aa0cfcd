"""依申请公开: applications, their workflow and deadlines, the working-day calendar, table-三 statistics."""
