cluster_name = "nonprod"
regoin       = "eu-west-1"
