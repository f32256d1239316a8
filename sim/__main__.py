from sim.commands.parser import main

raise SystemExit(main())
