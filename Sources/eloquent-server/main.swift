print("eloquent-server")
