from screener.cli import main

# Guarded: import worker processes started by "spawn" import this module again.
if __name__ == "__main__":
    main()
